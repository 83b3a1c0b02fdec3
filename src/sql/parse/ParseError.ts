/**
 * Why a query has no official parse. The official parser raises (an assert, a KeyError, an
 * IndexError, ...) and its driver then scores the prediction as the empty query; we return
 * the reason as data instead.
 */
export type ParseErrorCode =
  | 'odd-quotes' // an odd number of ' and " characters
  | 'alias-shadows-table' // `AS x` where x is also a table name
  | 'unknown-table' // a FROM item that is neither a table nor an alias
  | 'unknown-column' // a column found in no table in scope (or a bad `a.b.c`)
  | 'unexpected-token' // the grammar wanted something else here
  | 'unexpected-end' // the text ended mid-clause
  | 'too-deep'; // nesting beyond what the parser recurses into

export interface ParseError {
  readonly code: ParseErrorCode;
  readonly message: string;
  /** Index in the official token list where parsing stopped, when known. */
  readonly at: number | null;
}
