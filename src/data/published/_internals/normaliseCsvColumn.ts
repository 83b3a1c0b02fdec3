import { collapseWhitespace } from './collapseWhitespace.ts';
import { parseDelimited } from './parseDelimited.ts';

/** `csv:<column>` files: a header row, then one record per example; the SQL may span lines. */
export function normaliseCsvColumn(text: string, column: string): string[] {
  const [header, ...rows] = parseDelimited(text, ',');
  if (header === undefined) throw new Error('empty CSV file');
  const at = header.fields.indexOf(column);
  if (at < 0) throw new Error(`CSV header has no column '${column}' (columns: ${header.fields.join(', ')})`);
  return rows.map((row) => {
    const value = row.fields[at];
    if (value === undefined) throw new Error(`line ${row.line}: record has ${row.fields.length} fields, no '${column}'`);
    return collapseWhitespace(value);
  });
}
