import type { ExecReason } from '../metrics/ExecVerdict.ts';
import { officialPredictionText } from '../sql/parse/officialPredictionText.ts';
import type { ParserSchema } from '../sql/parse/ParserSchema.ts';
import { parseSpiderSql, type ParseResult } from '../sql/parse/parseSpiderSql.ts';
import type { ColUnit, CondValue, Condition, SpiderSql, ValUnit } from '../sql/parse/SpiderSql.ts';

/**
 * Why a prediction is wrong, one category per incorrect example, decided in this order (the
 * first that applies):
 * - `timeout`: the execution verdict is `timeout`;
 * - `syntax error`: the prediction is empty, or it failed to execute (`pred_error`) and the
 *   official Spider parser rejects its grammar (odd quotes, an unexpected token or end, nesting
 *   too deep);
 * - `missing join`: both parse, and the prediction's tables (every FROM, nested queries and set
 *   operations included) are a strict subset of the gold's;
 * - `wrong table`: the prediction failed to execute and names a table the schema lacks, or its
 *   table set differs from the gold's in any other way (extra joins included);
 * - `wrong column`: the prediction failed to execute and names a column no table in scope has,
 *   or the set of columns it references (`*` excluded) differs from the gold's;
 * - `wrong aggregate`: tables and columns agree, but the aggregates applied (COUNT, SUM, AVG,
 *   MIN, MAX, as a multiset over every clause) differ;
 * - `gold error`: the gold query itself failed (a dataset error, not the system's);
 * - `other`: anything else: wrong values, conditions, grouping, ordering or limits with the
 *   right tables, columns and aggregates, a result past the limits, a prediction the official
 *   parser cannot read although SQLite ran it.
 * Computed from the execution verdict and the official parse (schema from the SQLite file), so
 * it is the same on every machine; for this structural reading `INNER` / `LEFT [OUTER]` / `CROSS`
 * JOIN are read as JOIN, which the official parser lacks. Correct examples have no category (null).
 */
export const ERROR_CATEGORIES = ['syntax error', 'wrong table', 'wrong column', 'missing join', 'wrong aggregate', 'timeout', 'gold error', 'other'] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export interface CategoryInput {
  readonly reason: ExecReason;
  /** The prediction as the official driver reads it (empty when the system gave nothing). */
  readonly predText: string;
  readonly pred: ParseResult;
  /** null when the gold has no official parse. */
  readonly gold: SpiderSql | null;
}

const GRAMMAR = new Set(['odd-quotes', 'unexpected-token', 'unexpected-end', 'too-deep']);

export function errorCategory(e: CategoryInput): ErrorCategory | null {
  if (e.reason === 'match') return null;
  if (e.reason === 'timeout') return 'timeout';
  if (e.predText.trim() === '') return 'syntax error';
  if (!e.pred.ok && e.reason === 'pred_error' && GRAMMAR.has(e.pred.error.code)) return 'syntax error';
  if (e.reason === 'gold_error') return 'gold error';
  if (!e.pred.ok) {
    // A name the parser cannot resolve means a wrong name only when SQLite refused it too.
    if (e.reason !== 'pred_error') return 'other';
    if (e.pred.error.code === 'unknown-table' || e.pred.error.code === 'alias-shadows-table') return 'wrong table';
    if (e.pred.error.code === 'unknown-column') return 'wrong column';
    return 'other';
  }
  if (e.gold === null) return 'other';
  const p = sqlParts(e.pred.sql);
  const g = sqlParts(e.gold);
  if (isStrictSubset(p.tables, g.tables)) return 'missing join';
  if (!sameSet(p.tables, g.tables)) return 'wrong table';
  if (!sameSet(p.columns, g.columns)) return 'wrong column';
  if (p.aggregates.join(',') !== g.aggregates.join(',')) return 'wrong aggregate';
  return 'other';
}

/** Tables, columns (`__t.c__` ids, `*` excluded) and the sorted aggregate ids of a parsed query. */
export function sqlParts(sql: SpiderSql): { tables: Set<string>; columns: Set<string>; aggregates: number[] } {
  const tables = new Set<string>();
  const columns = new Set<string>();
  const aggregates: number[] = [];
  const col = (c: ColUnit | null): void => {
    if (!c) return;
    if (c[0] !== 0) aggregates.push(c[0]);
    if (c[1] !== '__all__') columns.add(c[1]);
  };
  const val = (v: ValUnit): void => {
    col(v[1]);
    col(v[2]);
  };
  const value = (v: CondValue): void => {
    if (Array.isArray(v)) col(v as ColUnit);
    else if (v !== null && typeof v === 'object') walk(v as SpiderSql);
  };
  const cond = (c: Condition): void => {
    for (const u of c) {
      if (typeof u === 'string') continue;
      val(u[2]);
      value(u[3]);
      value(u[4]);
    }
  };
  const walk = (s: SpiderSql): void => {
    for (const [agg, v] of s.select[1]) {
      if (agg !== 0) aggregates.push(agg);
      val(v);
    }
    for (const t of s.from.table_units) {
      if (t[0] === 'table_unit') tables.add(t[1]);
      else walk(t[1]);
    }
    cond(s.from.conds);
    cond(s.where);
    for (const c of s.groupBy) col(c);
    cond(s.having);
    for (const v of s.orderBy[1] ?? []) val(v);
    for (const next of [s.intersect, s.union, s.except]) if (next) walk(next);
  };
  walk(sql);
  aggregates.sort((a, b) => a - b);
  return { tables, columns, aggregates };
}

/**
 * The category of one example from its verdict reason, the prediction as written and the gold's
 * parse: the prediction is read as the official driver reads it, with its JOIN variants as JOIN.
 */
export function categorizeExample(reason: ExecReason, prediction: string, gold: SpiderSql | null, schema: ParserSchema): ErrorCategory | null {
  if (reason === 'match') return null;
  const predText = officialPredictionText(prediction);
  const structural = predText.replace(/\b(?:inner|cross|(?:left|right|full)(?:\s+outer)?)\s+join\b/gi, 'JOIN');
  return errorCategory({ reason, predText, pred: parseSpiderSql(structural, schema), gold });
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function isStrictSubset(a: Set<string>, b: Set<string>): boolean {
  return a.size < b.size && [...a].every((x) => b.has(x));
}
