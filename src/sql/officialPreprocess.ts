import { isTrivia, lexSql, type SqlToken } from '../core/sqlLexer.ts';

/**
 * How faithfully to reproduce the official evaluator's text rewrites.
 * - `official`: exactly as `evaluation.py` + `exec_eval.py` do, quirks included, so numbers
 *   match the literature.
 * - `strict`: drops two quirks: the driver's `pred.replace("value", "1")` (which rewrites
 *   column names and string literals containing "value"), and "row order matters when the
 *   gold text contains `order by` anywhere" (it now needs a top-level ORDER BY), and compares
 *   cells with exact Python equality instead of the official pre-check's sort key.
 */
export type CompatMode = 'official' | 'strict';

export interface PreprocessOptions {
  compat?: CompatMode;
  /** Keep DISTINCT tokens (official `--keep_distinct`). Default false: they are removed. */
  keepDistinct?: boolean;
}

export interface PreparedPair {
  readonly gold: string;
  readonly pred: string;
  /** Whether row order is compared. */
  readonly orderMatters: boolean;
}

/** The official `postprocess`: `> =`, `< =`, `! =` joined. */
export function joinSplitOperators(sql: string): string {
  return sql.replaceAll('> =', '>=').replaceAll('< =', '<=').replaceAll('! =', '!=');
}

/** The official `replace_cur_year`: `YEAR(CURDATE())` → 2020 (applied just before execution). */
export function replaceCurrentYear(sql: string): string {
  return sql.replace(/YEAR\s*\(\s*CURDATE\s*\(\s*\)\s*\)\s*/gi, '2020');
}

/** The official driver's `p_str.replace("value", "1")`, case-sensitive, anywhere in the text. */
export function replaceValuePlaceholder(sql: string): string {
  return sql.replaceAll('value', '1');
}

/**
 * The official `remove_distinct`: sqlparse splits the text into statements, the first one is
 * kept (anything after its `;` is dropped) and every token spelled `distinct` (any case) is
 * removed, keeping all other text byte for byte.
 */
export function removeDistinct(sql: string): string {
  // Without a `;` or the letters "distinct" there is nothing to cut or drop: sqlparse's tokens
  // join back to the very same text.
  if (!sql.includes(';') && !/distinct/i.test(sql)) return sql;
  return firstStatementTokens(lexSql(sql))
    .filter((t) => t.text.toLowerCase() !== 'distinct')
    .map((t) => t.text)
    .join('');
}

/** The text of the first statement as sqlparse splits it (used only with DISTINCT removal). */
export function firstStatement(sql: string): string {
  return firstStatementTokens(lexSql(sql))
    .map((t) => t.text)
    .join('');
}

function firstStatementTokens(tokens: SqlToken[]): SqlToken[] {
  // sqlparse's splitter: parentheses and END change the level; a `;` at level <= 0 ends the
  // statement (BEGIN opens a level only inside CREATE, e.g. a trigger body).
  let level = 0;
  let isCreate = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      if (t.text === '(') level++;
      else if (t.text === ')') level--;
      else if (t.text === ';' && level <= 0) return tokens.slice(0, i + 1);
    } else if (t.kind === 'word') {
      const w = t.text.toUpperCase();
      if (w === 'CREATE') isCreate = true;
      else if (w === 'BEGIN' && isCreate) level++;
      else if (w === 'END') level--;
    }
  }
  return tokens;
}

/** The official rule: `'order by' in gold.lower()` — anywhere, even inside a subquery. */
export function containsOrderBy(gold: string): boolean {
  return gold.toLowerCase().includes('order by');
}

/** Strict rule: an ORDER BY outside any parentheses, strings or comments. */
export function hasTopLevelOrderBy(gold: string): boolean {
  const tokens = lexSql(gold).filter((t) => !isTrivia(t));
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    else if (
      depth === 0 &&
      t.kind === 'word' &&
      t.text.toLowerCase() === 'order' &&
      tokens[i + 1]?.kind === 'word' &&
      tokens[i + 1]!.text.toLowerCase() === 'by'
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Everything the official pipeline does to a (gold, prediction) pair before executing them,
 * in its order: the driver's "value" rewrite (prediction only), operator joining, DISTINCT
 * removal (which also cuts each query to its first statement), then the order rule, decided
 * on the rewritten gold. `replaceCurrentYear` is applied by the executor's caller per query.
 * Each half depends on its own text only (prepareGold, preparePrediction).
 */
export function prepareForExecution(goldSql: string, predSql: string, options: PreprocessOptions = {}): PreparedPair {
  return { ...prepareGold(goldSql, options), pred: preparePrediction(predSql, options) };
}

/** The gold's half of prepareForExecution: its text as run, and whether row order is compared. */
export function prepareGold(goldSql: string, options: PreprocessOptions = {}): Omit<PreparedPair, 'pred'> {
  const compat = options.compat ?? 'official';
  let gold = joinSplitOperators(goldSql);
  if (!options.keepDistinct) gold = removeDistinct(gold);
  const orderMatters = compat === 'official' ? containsOrderBy(gold) : hasTopLevelOrderBy(gold);
  return { gold: replaceCurrentYear(gold), orderMatters };
}

/** The prediction's half of prepareForExecution: its text as run. */
export function preparePrediction(predSql: string, options: PreprocessOptions = {}): string {
  let pred = (options.compat ?? 'official') === 'official' ? replaceValuePlaceholder(predSql) : predSql;
  pred = joinSplitOperators(pred);
  if (!options.keepDistinct) pred = removeDistinct(pred);
  return replaceCurrentYear(pred);
}
