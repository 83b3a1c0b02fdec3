import path from 'node:path';
import type { ExecLimits, ExecOutcome } from '../sql/ExecOutcome.ts';
import { prepareForExecution, type CompatMode, type PreparedPair, type PreprocessOptions } from '../sql/officialPreprocess.ts';
import type { ExecExample, ExecVerdict } from './ExecVerdict.ts';
import type { ExecutionEnv } from './ExecutionEnv.ts';
import { COMPARE_STEPS_PER_MS, compareResults } from './resultsEqual.ts';
import { withinLimits } from '../sql/withinLimits.ts';

export interface ScoreExecutionOptions extends PreprocessOptions {}

/** Memo of executions within one run, so two compat modes never run the same query twice. */
export type ExecMemo = Map<string, Promise<ExecOutcome>>;

/**
 * Scores one example the way the official `eval_exec_match` does: rewrite both queries,
 * run them on every database of the db_id's test suite, and require the prediction's result
 * to equal the gold's on each. A failing gold query is a dataset error (`gold_error`), not
 * a crash; an empty prediction is wrong without being run. An example the executor could not
 * run (`unavailable`) gets no verdict on the prediction. The comparison of results may take
 * COMPARE_STEPS_PER_MS steps per millisecond of the query's time limit (`compare_budget`).
 */
export async function scoreExecution(
  example: ExecExample,
  env: ExecutionEnv,
  options: ScoreExecutionOptions = {},
  memo: ExecMemo = new Map(),
  /** The pair already rewritten for this compat mode (saves lexing it again). */
  prepared?: PreparedPair,
): Promise<ExecVerdict> {
  const base = { index: example.index, dbId: example.dbId };
  if (example.pred.trim() === '') return { ...base, correct: false, reason: 'pred_error', message: 'empty prediction', ms: 0 };
  const compat: CompatMode = options.compat ?? 'official';
  const { gold, pred, orderMatters } = prepared ?? prepareForExecution(example.gold, example.pred, options);
  const databases = env.databases(example.dbId);
  if (databases.length === 0) {
    return { ...base, correct: false, reason: 'gold_error', message: `no database files for '${example.dbId}'`, ms: 0 };
  }
  const limits = { ...env.executor.limits, ...env.limits };
  const budget = Math.round(limits.timeoutMs * COMPARE_STEPS_PER_MS);
  let ms = 0;
  for (const dbPath of databases) {
    const database = path.basename(dbPath);
    const [g, p] = await Promise.all([goldOutcome(env, dbPath, gold, memo, limits), run(env, dbPath, pred, memo)]);
    ms += (g.cached ? 0 : g.outcome.ms) + p.ms;
    // Nothing is known about this example: never a verdict on the prediction.
    if (g.outcome.kind === 'unavailable') return { ...base, correct: false, reason: 'unavailable', message: g.outcome.message, database, ms };
    if (p.kind === 'unavailable') return { ...base, correct: false, reason: 'unavailable', message: p.message, database, ms };
    if (g.outcome.kind !== 'rows') {
      return { ...base, correct: false, reason: 'gold_error', message: describe(g.outcome), database, ms };
    }
    switch (p.kind) {
      case 'error':
      case 'crashed':
        return { ...base, correct: false, reason: 'pred_error', message: p.message, database, ms };
      case 'timeout':
        return { ...base, correct: false, reason: 'timeout', message: describe(p), limitMs: p.limitMs, database, ms };
      case 'too_large':
        return { ...base, correct: false, reason: 'too_large', message: p.reason, database, ms };
      case 'rows':
        break;
    }
    const comparison = await compareResults(g.outcome.rows, p.rows, { orderMatters, officialQuickReject: compat === 'official', budget });
    if (comparison === 'over_budget') return { ...base, correct: false, reason: 'compare_budget', steps: budget, database, ms };
    if (comparison === 'different') return { ...base, correct: false, reason: 'mismatch', database, ms };
  }
  return { ...base, correct: true, reason: 'match', ms };
}

function describe(outcome: Exclude<ExecOutcome, { kind: 'rows' }>): string {
  switch (outcome.kind) {
    case 'error':
    case 'crashed':
    case 'unavailable':
      return outcome.message;
    case 'timeout':
      return `timed out after ${outcome.limitMs / 1000} s`;
    case 'too_large':
      return outcome.reason;
  }
}

function run(env: ExecutionEnv, dbPath: string, sql: string, memo: ExecMemo): Promise<ExecOutcome> {
  const key = dbPath + '\u0000' + sql;
  let pending = memo.get(key);
  if (!pending) {
    const execute = () => env.executor.execute(dbPath, sql, env.limits);
    pending = env.resultMemo ? env.resultMemo.run(dbPath, sql, execute) : execute();
    memo.set(key, pending);
  }
  return pending;
}

async function goldOutcome(
  env: ExecutionEnv,
  dbPath: string,
  sql: string,
  memo: ExecMemo,
  limits: ExecLimits,
): Promise<{ outcome: ExecOutcome; cached: boolean }> {
  const hit = env.goldCache?.get(dbPath, sql);
  // Kept by a run with other limits, perhaps: judged by this run's, as a fresh result is.
  if (hit) return { outcome: withinLimits(hit, limits), cached: true };
  const outcome = await run(env, dbPath, sql, memo);
  // The cache decides what is worth keeping (isCacheable: rows and SQL errors).
  env.goldCache?.set(dbPath, sql, outcome);
  return { outcome, cached: false };
}
