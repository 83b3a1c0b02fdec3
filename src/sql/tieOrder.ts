import { isTrivia, lexSql, type SqlToken } from '../core/sqlLexer.ts';
import type { ExecOutcome } from './ExecOutcome.ts';
import type { Row } from './PyValue.ts';
import { compareResultsNow, type CompareOptions, type Comparison } from './resultsEqual.ts';
import { pyKey } from './_internals/python.ts';

/** A query's top-level ORDER BY: where its terms end (where more can be appended), and whether a LIMIT follows. */
export interface TopLevelOrder {
  readonly end: number;
  readonly limited: boolean;
}

/**
 * The top-level ORDER BY of a query as SQLite reads it (not inside parentheses, strings or
 * comments), or null when it has none: then no tie order decides its result (a LIMIT without
 * ORDER BY depends on the physical row order instead).
 */
export function topLevelOrder(sql: string): TopLevelOrder | null {
  let depth = 0;
  let at = 0;
  let ordered = false;
  /** End of the last token that is not trivia, since the ORDER BY. */
  let end = -1;
  let prevWord = '';
  for (const t of lexSql(sql, 'sqlite')) {
    const start = at;
    at += t.text.length;
    if (isTrivia(t)) continue;
    if (t.kind === 'punct' && t.text === ';' && depth <= 0) break;
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    const word = t.kind === 'word' ? t.text.toLowerCase() : '';
    if (depth === 0 && word === 'by' && prevWord === 'order') ordered = true;
    else if (depth === 0 && word === 'limit' && ordered) return { end: start, limited: true };
    prevWord = depth === 0 ? word : '';
    end = at;
  }
  return ordered ? { end, limited: false } : null;
}

/**
 * Whether two texts are the same statement to SQLite: the same tokens but for whitespace,
 * comments, the case of keywords and bare names (quoted names and literals as they are) and an
 * ASC that only repeats the default order of a term (`ORDER BY x ASC` is `ORDER BY x`). The same
 * statement on the same database returns the same list on any engine, ties or not.
 */
export function sameStatement(a: string, b: string): boolean {
  if (a === b) return true;
  const x = statementTokens(a);
  const y = statementTokens(b);
  return x.length === y.length && x.every((t, i) => t.kind === y[i]!.kind && (t.kind === 'word' ? t.text.toLowerCase() === y[i]!.text.toLowerCase() : t.text === y[i]!.text));
}

/** Words that make one statement return something else when run again: a random source, a clock, the connection's state. */
const VOLATILE_WORDS = new Set(['random', 'randomblob', 'changes', 'total_changes', 'last_insert_rowid', 'current_date', 'current_time', 'current_timestamp']);

/**
 * Whether `b` run on a database returns exactly what `a` returned there: the same statement
 * (sameStatement) that reads no random source, clock (`'now'`) or connection state.
 */
export function sameResult(a: string, b: string): boolean {
  if (!sameStatement(a, b)) return false;
  return !lexSql(a, 'sqlite').some((t) => (t.kind === 'word' && VOLATILE_WORDS.has(t.text.toLowerCase())) || (t.kind === 'string' && t.text.toLowerCase().includes('now')));
}

/** The tokens that make the statement, without trivia and without an ASC that ends a term. */
function statementTokens(sql: string): SqlToken[] {
  const tokens = lexSql(sql, 'sqlite').filter((t) => !isTrivia(t));
  const low = (t: SqlToken | undefined) => (t?.kind === 'word' ? t.text.toLowerCase() : t?.kind === 'punct' ? t.text : '');
  return tokens.filter((t, i) => {
    if (low(t) !== 'asc') return true;
    const before = low(tokens[i - 1]);
    const after = tokens[i + 1] === undefined ? 'end' : low(tokens[i + 1]);
    // A term's modifier: after an expression, before the next term or the end of the clause.
    return ['', ',', '(', 'by', 'select', 'distinct'].includes(before) || ![',', ')', ';', 'limit', 'end'].includes(after);
  });
}

/**
 * The query with its result columns appended to its top-level ORDER BY as tie-breakers, all in
 * one direction (`, 1 ASC, 2 ASC …`): rows whose ORDER BY keys tie come out sorted by their
 * values, or in reverse. Two such runs return the same list exactly when no two different
 * rows tie within the result or across its LIMIT (a tie group cut by the LIMIT keeps its
 * smallest rows in one and its largest in the other).
 */
export function withTieBreak(sql: string, order: TopLevelOrder, width: number, direction: 'ASC' | 'DESC'): string {
  const terms = Array.from({ length: width }, (_, c) => `, ${c + 1} ${direction}`).join('');
  return `${sql.slice(0, order.end)}${terms} ${sql.slice(order.end)}`;
}

/** One query of a pair, for the tie probe: its text, its rows, and how to run it in another tie order. */
export interface TieProbeSide {
  readonly sql: string;
  readonly rows: readonly Row[];
  readonly run: (sql: string) => ExecOutcome;
}

/** Text that may hold an ORDER BY (a cheap test before lexing). */
const ORDER_BY = /order\s+by/i;

/**
 * Whether the verdict on a (gold, prediction) pair may rest on how SQLite breaks ORDER BY
 * ties, which versions do differently (prediction 132 of resdsql-3b on car_1 orders groups by
 * a `count(*)` that is 1 for each and keeps one). `gold.rows` and `pred.rows` are their
 * results, `comparison` how they compared. A query's ties count where they can change what is
 * compared: the gold's when row order is compared; the prediction's when row order is
 * compared or a LIMIT cuts through them (which rows are kept). A query has ties when it
 * returns another list (another bag, where only the LIMIT counts) with tie-breakers appended
 * (withTieBreak): descending ones, then, if that changed nothing, ascending ones.
 * Verdicts no tie order can change are not probed: results of different row or column counts;
 * the same statement on the same database (`sameDatabase`: the same list on any engine); and,
 * with no LIMIT that ties could cut, results that differ as bags of rows (the bags are fixed,
 * and results that differ as bags never match).
 */
export function verdictRestsOnTies(gold: TieProbeSide, pred: TieProbeSide, comparison: Comparison, compare: CompareOptions, sameDatabase: boolean): boolean {
  if (gold.rows.length !== pred.rows.length || gold.rows.length === 0) return false;
  if (gold.rows[0]!.length !== pred.rows[0]!.length) return false;
  if (!ORDER_BY.test(gold.sql) && !ORDER_BY.test(pred.sql)) return false;
  const orderMatters = compare.orderMatters;
  // The gold first: its runs are shared by every prediction of its question (gold.run remembers them).
  const sides = [
    { side: gold, order: topLevelOrder(gold.sql), own: false },
    { side: pred, order: topLevelOrder(pred.sql), own: true },
  ].filter((s): s is { side: TieProbeSide; order: TopLevelOrder; own: boolean } => s.order !== null && (orderMatters || (s.own && s.order.limited)));
  if (sides.length === 0) return false;
  if (sameDatabase && sameStatement(gold.sql, pred.sql)) return false;
  const cuttable = sides.some((s) => s.order.limited);
  // A match changes with any tie that counts; a mismatch only if the bags can change or are equal.
  if (comparison !== 'equal' && !cuttable && compareResultsNow(gold.rows, pred.rows, { ...compare, orderMatters: false }) === 'different') return false;
  if (comparison === 'equal' || !cuttable) return sides.some((s) => hasTies(s.side, s.order, orderMatters ? 'list' : 'bag'));
  // A mismatch where a LIMIT may cut through ties: the bags may change (then it may match), or
  // stay fixed (then only results equal as bags may match in another order).
  let ties = false;
  for (const s of sides) {
    if (s.order.limited && hasTies(s.side, s.order, 'bag')) return true;
    ties ||= orderMatters && hasTies(s.side, s.order, 'list');
  }
  return ties && compareResultsNow(gold.rows, pred.rows, { ...compare, orderMatters: false }) !== 'different';
}

/** Whether a query's result changes with tie-breakers appended: as a list, or as a bag of rows. */
function hasTies(side: TieProbeSide, order: TopLevelOrder, as: 'list' | 'bag'): boolean {
  const width = side.rows[0]!.length;
  const differ = as === 'list' ? (a: readonly Row[], b: readonly Row[]) => !sameList(a, b) : (a: readonly Row[], b: readonly Row[]) => !sameBag(a, b);
  const desc = side.run(withTieBreak(side.sql, order, width, 'DESC'));
  if (desc.kind !== 'rows') return false;
  if (differ(side.rows, desc.rows)) return true;
  const asc = side.run(withTieBreak(side.sql, order, width, 'ASC'));
  return asc.kind === 'rows' && differ(asc.rows, desc.rows);
}

function rowKey(row: Row): string {
  return row.map(pyKey).join('\u0000');
}

function sameList(a: readonly Row[], b: readonly Row[]): boolean {
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    const x = a[r]!;
    const y = b[r]!;
    if (x.length !== y.length) return false;
    for (let c = 0; c < x.length; c++) if (x[c] !== y[c] && pyKey(x[c]!) !== pyKey(y[c]!)) return false;
  }
  return true;
}

function sameBag(a: readonly Row[], b: readonly Row[]): boolean {
  if (a.length !== b.length) return false;
  const x = a.map(rowKey).sort();
  const y = b.map(rowKey).sort();
  return x.every((k, i) => k === y[i]);
}
