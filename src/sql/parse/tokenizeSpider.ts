import type { ParseError } from './ParseError.ts';
import { officialTokens } from './_internals/officialTokens.ts';
import { ParseFailure } from './_internals/ParseFailure.ts';

export type TokenizeResult = { readonly ok: true; readonly tokens: readonly string[] } | { readonly ok: false; readonly error: ParseError };

/**
 * The tokens the official parser works on (`process_sql.tokenize`): lower-cased NLTK word
 * tokens, string literals kept whole with their case and `"` quotes, `!=`/`>=`/`<=` joined.
 */
export function tokenizeSpider(sql: string): TokenizeResult {
  try {
    return { ok: true, tokens: officialTokens(sql) };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.toParseError() };
    throw e;
  }
}
