import type { Kmap } from '../sql/parse/foreignKeyMaps.ts';
import type { ParseError } from '../sql/parse/ParseError.ts';
import type { ParserSchema } from '../sql/parse/ParserSchema.ts';
import { officialLineText, officialPredictionText } from '../sql/parse/officialPredictionText.ts';
import { parseSpiderSql } from '../sql/parse/parseSpiderSql.ts';
import { EMPTY_SQL, type SpiderSql } from '../sql/parse/SpiderSql.ts';
import { evalExactMatch, type PartialScores } from './_internals/emEvaluate.ts';
import { rebuildForMatch } from './_internals/emRebuild.ts';
import { hardness, type Hardness } from './hardness.ts';

/**
 * Spider's exact set match, as the official `evaluation.py` decides it: both parses lose
 * their values and DISTINCT flags and have foreign-key columns unified (`kmap`), then SELECT,
 * WHERE, GROUP BY, HAVING, ORDER BY (+ whether LIMIT is present), AND/OR, INTERSECT/UNION/
 * EXCEPT and the keyword set must all match as sets, and the FROM table units as sorted
 * lists; JOIN conditions are not compared. A null prediction (unparseable) is the official
 * empty query, which matches no gold.
 */
export function exactMatch(gold: SpiderSql, pred: SpiderSql | null, kmap: Kmap): boolean {
  return exactMatchDetail(gold, pred, kmap).em === 1;
}

/** `exactMatch` together with the component scores it was decided on. */
export function exactMatchDetail(gold: SpiderSql, pred: SpiderSql | null, kmap: Kmap): { em: 0 | 1; partial: PartialScores } {
  return evalExactMatch(rebuildForMatch(pred ?? EMPTY_SQL, kmap), rebuildForMatch(gold, kmap));
}

export interface ExactMatchContext {
  /** The parser schema of each database (`loadParserSchema` on its SQLite file, as officially). */
  schema(dbId: string): ParserSchema;
  /** The foreign-key map of each database (`foreignKeyMaps(tables.json)`); missing = none. */
  kmap(dbId: string): Kmap | undefined;
  /** Where given, each gold (by database and text) is parsed and rewritten once and kept here. */
  readonly golds?: Map<string, GoldForMatch>;
}

/** A gold query ready for matching: rewritten for comparison, with its hardness; or why it cannot be. */
export type GoldForMatch = { readonly ok: true; readonly rebuilt: SpiderSql; readonly hardness: Hardness } | { readonly ok: false; readonly error: ParseError };

export interface ExactMatchInput {
  readonly goldSql: string;
  /** The prediction as read from its file (one line); the official rewrite is applied here. */
  readonly predSql: string;
  readonly dbId: string;
}

export type ExactMatchVerdict =
  | {
      readonly kind: 'scored';
      readonly em: 0 | 1;
      readonly hardness: Hardness;
      readonly predParse: 'ok' | { readonly error: ParseError };
      readonly partial: PartialScores;
    }
  /** The official run would stop here: its gold parse raises. */
  | { readonly kind: 'gold-unparseable'; readonly error: ParseError };

const NO_FOREIGN_KEYS: Kmap = new Map();

/**
 * One example through the official pipeline: gold parsed (its hardness taken from the raw
 * parse), prediction line stripped, cut at a tab and `value` → `1`, parsed or replaced by
 * the empty query, both rewritten, then compared.
 */
export function scoreExactMatch(input: ExactMatchInput, ctx: ExactMatchContext): ExactMatchVerdict {
  const key = `${input.dbId}\u0000${input.goldSql}`;
  let gold = ctx.golds?.get(key);
  if (!gold) {
    gold = goldForMatch(input, ctx);
    ctx.golds?.set(key, gold);
  }
  if (!gold.ok) return { kind: 'gold-unparseable', error: gold.error };
  const kmap = ctx.kmap(input.dbId) ?? NO_FOREIGN_KEYS;
  const pred = parseSpiderSql(officialPredictionText(input.predSql), ctx.schema(input.dbId));
  const { em, partial } = evalExactMatch(rebuildForMatch(pred.ok ? pred.sql : EMPTY_SQL, kmap), gold.rebuilt);
  return { kind: 'scored', em, hardness: gold.hardness, predParse: pred.ok ? 'ok' : { error: pred.error }, partial };
}

/** The gold's parse (hardness taken from it, as officially), rewritten for matching. */
function goldForMatch(input: ExactMatchInput, ctx: ExactMatchContext): GoldForMatch {
  const parsed = parseSpiderSql(officialLineText(input.goldSql), ctx.schema(input.dbId));
  if (!parsed.ok) return parsed;
  return { ok: true, rebuilt: rebuildForMatch(parsed.sql, ctx.kmap(input.dbId) ?? NO_FOREIGN_KEYS), hardness: hardness(parsed.sql) };
}
