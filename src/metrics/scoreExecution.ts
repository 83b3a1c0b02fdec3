import path from 'node:path';
import { isCacheable, type DatabaseCheck, type PairOutcome, type PairRequest, type RowlessOutcome } from '../sql/ExecOutcome.ts';
import { prepareForExecution, type CompatMode, type PreparedPair, type PreprocessOptions } from '../sql/officialPreprocess.ts';
import { COMPARE_STEPS_PER_MS } from '../sql/resultsEqual.ts';
import type { ExecExample, ExecVerdict } from './ExecVerdict.ts';
import type { ExecutionEnv } from './ExecutionEnv.ts';

export interface ScoreExecutionOptions extends PreprocessOptions {
  /** Also find whether the verdict may rest on how ORDER BY ties are broken (PairRequest.probeTieOrder). */
  probeTieOrder?: boolean;
}

/** Checks of pairs within one run (or one suite build), so the same pair is never sent twice. */
export type ExecMemo = Map<string, Promise<PairOutcome>>;

/**
 * Scores one example the way the official `eval_exec_match` does: rewrite both queries,
 * run them on every database of the db_id's test suite, and require the prediction's result
 * to equal the gold's on each. Both queries run and are compared in a query process, in one
 * request for the whole suite (SqlExecutor.check): the prediction's rows never reach this
 * process, and the suite stops at the first database that rejects the prediction. A failing
 * gold query is a dataset error (`gold_error`), not a crash; an empty prediction is wrong
 * without being run. An example the executor could not run (`unavailable`) gets no verdict on
 * the prediction. The comparison of results may take COMPARE_STEPS_PER_MS steps per
 * millisecond of the query's time limit (`compare_budget`).
 */
export async function scoreExecution(
  example: ExecExample,
  env: ExecutionEnv,
  options: ScoreExecutionOptions = {},
  memo: ExecMemo = new Map(),
  /** The pair already rewritten for this compat mode (saves lexing it again). */
  prepared?: PreparedPair,
): Promise<ExecVerdict> {
  return (await scoreUnderModes(example, env, options, memo, prepared)).verdict;
}

/**
 * scoreExecution, and in the same request the verdict under the compat mode `other` where both
 * modes run the same texts with the same order rule (they then differ only in how results are
 * compared). `other` is null where that verdict is not known from this request: not asked
 * for, or the other mode would go on to databases this one did not need.
 */
export async function scoreUnderModes(
  example: ExecExample,
  env: ExecutionEnv,
  options: ScoreExecutionOptions,
  memo: ExecMemo,
  prepared?: PreparedPair,
  other?: CompatMode,
): Promise<{ verdict: ExecVerdict; other: ExecVerdict | null; tieOrder?: boolean }> {
  const base = { index: example.index, dbId: example.dbId };
  if (example.pred.trim() === '') {
    const verdict: ExecVerdict = { ...base, correct: false, reason: 'pred_error', message: 'empty prediction', ms: 0 };
    return { verdict, other: verdict };
  }
  const compat: CompatMode = options.compat ?? 'official';
  const { gold, pred, orderMatters } = prepared ?? prepareForExecution(example.gold, example.pred, options);
  const databases = example.databases ?? env.databases(example.dbId);
  if (databases.length === 0) {
    const verdict: ExecVerdict = { ...base, correct: false, reason: 'gold_error', message: `no database files for '${example.dbId}'`, ms: 0 };
    return { verdict, other: verdict };
  }
  const limits = { ...env.executor.limits, ...env.limits };
  const budget = Math.round(limits.timeoutMs * COMPARE_STEPS_PER_MS);
  const request: PairRequest = {
    databases,
    gold,
    pred,
    compare: { orderMatters, officialQuickReject: compat === 'official' },
    ...(other ? { alsoCompare: { orderMatters, officialQuickReject: other === 'official' } } : {}),
    budget,
    ...(options.probeTieOrder ? { probeTieOrder: true } : {}),
  };
  const outcome = await check(env, request, memo);
  const verdict = verdictOf(base, outcome, databases, budget, (c) => c.comparison);
  const ties = outcome.kind === 'checked' && outcome.tieOrder !== undefined ? { tieOrder: outcome.tieOrder } : {};
  if (!other || outcome.kind === 'unavailable') return { verdict, other: other ? verdict : null, ...ties };
  // The other mode's verdict is known if it was compared wherever this one was, and does not
  // accept the prediction where this one stopped short of the last database.
  const last = outcome.checks[outcome.checks.length - 1];
  const known =
    outcome.checks.every((c) => c.comparison === undefined || c.other !== undefined) &&
    !(last?.comparison !== undefined && last.comparison !== 'equal' && last.other === 'equal' && last.index < databases.length - 1);
  return { verdict, other: known ? verdictOf(base, outcome, databases, budget, (c) => c.other) : null, ...ties };
}

/** The verdict the checks give, judged by the comparison `by` picks. */
function verdictOf(
  base: { index: number; dbId: string },
  outcome: PairOutcome,
  databases: readonly string[],
  budget: number,
  by: (c: DatabaseCheck) => DatabaseCheck['comparison'],
): ExecVerdict {
  const ms = outcome.ms;
  if (outcome.kind === 'unavailable') return { ...base, correct: false, reason: 'unavailable', message: outcome.message, database: path.basename(databases[0]!), ms };
  for (const c of outcome.checks) {
    const database = path.basename(databases[c.index]!);
    if (c.gold.kind !== 'rows') return { ...base, correct: false, reason: 'gold_error', message: describe(c.gold), database, ms };
    const p = c.pred;
    if (!p) break; // unreachable: a gold with rows is followed by the prediction
    switch (p.kind) {
      case 'error':
      case 'crashed':
      case 'unavailable':
        return { ...base, correct: false, reason: 'pred_error', message: p.message, database, ms };
      case 'timeout':
        return { ...base, correct: false, reason: 'timeout', message: describe(p), limitMs: p.limitMs, database, ms };
      case 'too_large':
        return { ...base, correct: false, reason: 'too_large', message: p.reason, database, ms };
      case 'rows':
        break;
    }
    const comparison = by(c);
    if (comparison === 'over_budget') return { ...base, correct: false, reason: 'compare_budget', steps: budget, database, ms };
    if (comparison === 'different') return { ...base, correct: false, reason: 'mismatch', database, ms };
  }
  return { ...base, correct: true, reason: 'match', ms };
}

function describe(outcome: Exclude<RowlessOutcome, { kind: 'rows' }>): string {
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

/**
 * The pair's checks: shared with an identical pair of this call's memo or of the run's result
 * memo, or sent to the executor with the gold outcomes the gold cache holds; the gold
 * outcomes run for it come back once and go into the cache.
 */
function check(env: ExecutionEnv, request: PairRequest, memo: ExecMemo): Promise<PairOutcome> {
  const { databases, gold, pred, compare, alsoCompare, budget, probeTieOrder } = request;
  const scope = databases.join('\u0000');
  const rules = (r: PairRequest['compare'] | undefined) => (r ? `${r.orderMatters}/${r.officialQuickReject}` : '-');
  const key = [gold, pred, rules(compare), rules(alsoCompare), budget, probeTieOrder ? 'ties' : ''].join('\u0000');
  const memoKey = scope + '\u0001' + key;
  let pending = memo.get(memoKey);
  if (!pending) {
    const send = async (): Promise<PairOutcome> => {
      const cache = env.goldCache;
      const knownGold = cache ? databases.map((db) => cache.get(db, gold)) : undefined;
      const returnGold = knownGold ? knownGold.some((o) => o === undefined) : false;
      const outcome = await env.executor.check({ ...request, ...(knownGold ? { knownGold, returnGold } : {}) }, env.limits);
      if (!returnGold) return outcome;
      // What is kept is isCacheable's decision alone (rows and SQL errors); a pair that could not
      // be checked at all ran no gold.
      const checks = outcome.kind === 'checked' ? outcome.checks : [];
      for (const c of checks) if (c.freshGold && !knownGold![c.index] && isCacheable(c.freshGold)) cache!.set(databases[c.index]!, gold, c.freshGold);
      return outcome.kind === 'checked' ? { ...outcome, checks: checks.map(({ freshGold, ...c }) => c) } : outcome;
    };
    pending = env.resultMemo ? env.resultMemo.run(scope, key, send) : send();
    memo.set(memoKey, pending);
  }
  return pending;
}
