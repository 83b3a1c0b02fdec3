// Python's str.split() whitespace: the published pred.sql files were made with ' '.join(sql.split()),
// so this exact set (not JavaScript's \s, which differs on \x1c-\x1f, \x85 and \ufeff) reproduces them.
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Runs of whitespace become one space; leading and trailing whitespace goes. */
export function collapseWhitespace(sql: string): string {
  return sql.split(PY_WHITESPACE).filter((part) => part !== '').join(' ');
}
