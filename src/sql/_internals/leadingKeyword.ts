/**
 * The first keyword of the statement SQLite will prepare from `sql`, skipping what SQLite's
 * own tokenizer skips before it: whitespace, `--` comments (to a newline), `/* … *\/`
 * comments (an unterminated one runs to the end) and empty statements (`;`). Upper-cased;
 * '' when the text starts with anything else.
 */
export function leadingKeyword(sql: string): string {
  let i = 0;
  const n = sql.length;
  for (;;) {
    const c = sql[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r' || c === ';') i++;
    else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else break;
  }
  const m = /^[A-Za-z_]+/.exec(sql.slice(i, i + 32));
  return m ? m[0].toUpperCase() : '';
}
