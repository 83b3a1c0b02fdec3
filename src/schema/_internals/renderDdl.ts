import type { Schema, Table } from '../Schema.ts';
import { renderValue } from '../renderValue.ts';
import { orderedTables, sampleRows, shownType, writtenName, type Settings } from './settings.ts';

/**
 * `ddl`: a CREATE TABLE statement per table with PRIMARY KEY and FOREIGN KEY clauses; the text
 * runs in SQLite. `ddl+rows(k)` follows each statement with a comment holding the table's first
 * k rows, tab-separated under a header (the layout of Rajkumar et al. 2022).
 */
export function renderDdl(schema: Schema, rows: number, s: Settings): string {
  return orderedTables(schema, s)
    .map((table) => (rows > 0 ? `${createTable(table, s)}\n${rowsComment(table, rows, s)}` : createTable(table, s)))
    .join('\n\n');
}

function createTable(table: Table, s: Settings): string {
  const list = (names: readonly string[]) => names.map((n) => writtenName(n, s)).join(', ');
  const parts = table.columns.map((c) => {
    const type = shownType(c, s);
    return type ? `${writtenName(c.name, s)} ${type}` : writtenName(c.name, s);
  });
  if (table.primaryKey.length > 0) parts.push(`PRIMARY KEY (${list(table.primaryKey)})`);
  for (const fk of table.foreignKeys) {
    parts.push(`FOREIGN KEY (${list(fk.columns)}) REFERENCES ${writtenName(fk.refTable, s)} (${list(fk.refColumns)})`);
  }
  return `CREATE TABLE ${writtenName(table.name, s)} (\n${parts.map((p) => `  ${p}`).join(',\n')}\n);`;
}

function rowsComment(table: Table, count: number, s: Settings): string {
  // A quoted name may hold `*/`, which would end the comment early.
  const inComment = (text: string) => text.replaceAll('*/', '*\\/');
  const rows = sampleRows(table, count, s);
  const lines = [
    '/*',
    `${rows.length} example rows:`,
    inComment(`SELECT * FROM ${writtenName(table.name, s)} LIMIT ${count};`),
    inComment(table.columns.map((c) => writtenName(c.name, s)).join('\t')),
    ...rows.map((row) => row.map((v) => renderValue(v, s.maxValueChars)).join('\t')),
    '*/',
  ];
  return lines.join('\n');
}
