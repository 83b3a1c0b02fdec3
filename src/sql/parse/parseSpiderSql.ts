import type { ParseError } from './ParseError.ts';
import type { ParserSchema } from './ParserSchema.ts';
import type { SpiderSql } from './SpiderSql.ts';
import { officialParse } from './_internals/officialParser.ts';
import { officialTokens } from './_internals/officialTokens.ts';
import { ParseFailure } from './_internals/ParseFailure.ts';

export type ParseResult = { readonly ok: true; readonly sql: SpiderSql } | { readonly ok: false; readonly error: ParseError };

/**
 * The official `get_sql(schema, query)`: the structured form of `sql`, or the reason the
 * official parser would have raised. Never throws. The text is used as given: for a
 * prediction, apply the official driver's rewrite first (`officialPredictionText`).
 */
export function parseSpiderSql(sql: string, schema: ParserSchema): ParseResult {
  try {
    return { ok: true, sql: officialParse(officialTokens(sql), schema) };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.toParseError() };
    // Python would hit its recursion limit on such nesting as well.
    if (e instanceof RangeError) return { ok: false, error: { code: 'too-deep', message: e.message, at: null } };
    throw e;
  }
}
