export interface DelimitedRecord {
  readonly fields: string[];
  /** 1-based line where the record starts. */
  readonly line: number;
}

/**
 * Splits CSV or TSV text into records the way Python's `csv` module reads it (the published files
 * and our MANIFEST.tsv were written with it): a field that starts with `"` is quoted, may hold the
 * delimiter and line breaks, and writes `"` as `""`; records end at `\n`, `\r\n` or `\r`; blank
 * lines are skipped. An unterminated quote is an error naming the line it started on.
 */
export function parseDelimited(text: string, delimiter: ',' | '\t'): DelimitedRecord[] {
  const records: DelimitedRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new Error(`line ${quoteLine}: unterminated quoted field`);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        else if (q === '\r' && text[i + 1] !== '\n') line++;
        field += q;
        i++;
      }
      // Like Python, text after the closing quote (before the delimiter) is kept as is.
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
