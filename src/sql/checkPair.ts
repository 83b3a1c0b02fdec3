import { isCacheable, rowless, type DatabaseCheck, type ExecLimits, type ExecOutcome, type PairOutcome, type PairRequest } from './ExecOutcome.ts';
import type { ResultMemo } from './ResultMemo.ts';
import { compareResultsNow, type Comparison } from './resultsEqual.ts';
import { sameResult, verdictRestsOnTies } from './tieOrder.ts';
import { withinLimits } from './withinLimits.ts';

/**
 * The steps of a check on one database; each gets the query's full time limit from the pool.
 * `ties`: the tie-order probe (PairRequest.probeTieOrder), on the first database, after the rest.
 */
export type CheckPhase = 'gold' | 'pred' | 'compare' | 'other' | 'ties';
export const CHECK_PHASES: readonly CheckPhase[] = ['gold', 'pred', 'compare', 'other', 'ties'];

/**
 * Runs a PairRequest where the queries run (a query process; the benchmark's in-process
 * baseline): on each database in order, the gold (unless known), then the prediction, then the
 * comparison, stopping at the first database that does not accept the prediction. `run`
 * executes one query under `limits`' row and byte caps; `memo` holds the gold outcomes this
 * process already has (a gold asked for again, or a prediction identical to some gold): they
 * count 0 ms and are judged by `limits` (withinLimits).
 * `onPhase` is told before each step that runs SQL or searches for a column mapping (the
 * comparison's part that may take long), so the caller can time it.
 */
export function checkPair(
  request: PairRequest,
  limits: ExecLimits,
  run: (dbPath: string, sql: string) => ExecOutcome,
  memo: ResultMemo,
  onPhase: (index: number, phase: CheckPhase) => void = () => undefined,
): Extract<PairOutcome, { kind: 'checked' }> {
  const checks: DatabaseCheck[] = [];
  let ms = 0;
  /** The first database's results, for the tie probe. */
  let first: FirstResults | null = null;
  /** A query's outcome judged by `limits`; `kept`: the unjudged outcome to send back for the caller's cache. */
  const outcome = (index: number, phase: 'gold' | 'pred', dbPath: string, sql: string): { outcome: ExecOutcome; kept?: ExecOutcome } => {
    const known = phase === 'gold' ? request.knownGold?.[index] : undefined;
    if (known) {
      memo.set(dbPath, sql, known);
      return { outcome: shared(withinLimits(known, limits)) };
    }
    const hit = memo.get(dbPath, sql);
    if (hit) return { outcome: shared(withinLimits(hit, limits)), kept: hit };
    onPhase(index, phase);
    const fresh = run(dbPath, sql);
    // Golds are asked for again (another example, the same question twice); a prediction is
    // found here only as some gold's text (scoring shares repeated pairs before they come here).
    if (phase === 'gold') memo.set(dbPath, sql, fresh);
    ms += fresh.ms;
    return { outcome: fresh, kept: fresh };
  };
  // A prediction that is the gold's statement returns the gold's rows wherever the gold ran: it
  // is not run again. (Texts that differ but for spacing and case are the only ones worth lexing.)
  const predIsGold = squeezed(request.gold) === squeezed(request.pred) && sameResult(request.gold, request.pred);
  for (let index = 0; index < request.databases.length; index++) {
    const dbPath = request.databases[index]!;
    const goldDb = request.goldDatabases?.[index] ?? dbPath;
    const gold = outcome(index, 'gold', goldDb, request.gold);
    // The caller did not have this gold: it gets it (if it is a fact worth keeping: isCacheable).
    const kept = gold.kept;
    const freshGold = request.returnGold && kept && isCacheable(kept) ? { freshGold: kept } : {};
    if (gold.outcome.kind !== 'rows') {
      checks.push({ index, gold: rowless(gold.outcome), ...freshGold });
      break;
    }
    const pred = predIsGold && goldDb === dbPath ? { outcome: shared(gold.outcome) } : outcome(index, 'pred', dbPath, request.pred);
    if (pred.outcome.kind !== 'rows') {
      checks.push({ index, gold: rowless(gold.outcome), pred: rowless(pred.outcome), ...freshGold });
      break;
    }
    // The checks linear in the results' size count toward the prediction's step; a column search gets a step of its own.
    const comparison = compareResultsNow(gold.outcome.rows, pred.outcome.rows, { ...request.compare, budget: request.budget }, () => onPhase(index, 'compare'));
    if (index === 0) first = { gold: gold.outcome, pred: pred.outcome, comparison };
    const also = request.alsoCompare;
    // Without the official quick rejection a comparison accepts whatever it accepts with it.
    const implied = comparison === 'equal' && also && also.orderMatters === request.compare.orderMatters && !also.officialQuickReject;
    const other = also
      ? { other: implied ? comparison : compareResultsNow(gold.outcome.rows, pred.outcome.rows, { ...also, budget: request.budget }, () => onPhase(index, 'other')) }
      : {};
    checks.push({ index, gold: rowless(gold.outcome), pred: rowless(pred.outcome), comparison, ...other, ...freshGold });
    if (comparison !== 'equal') break;
  }
  if (!request.probeTieOrder) return { kind: 'checked', checks, ms };
  return { kind: 'checked', checks, ms, tieOrder: first !== null && probeTies(request, first, run, memo, () => onPhase(0, 'ties')) };
}

/**
 * The tie probe on the first database (verdictRestsOnTies): the gold's tie-broken runs are
 * kept in the memo like golds (another prediction of the same question asks again); each
 * query of it is announced as a step of its own (`ties`), so each gets the time limit.
 */
function probeTies(
  request: PairRequest,
  first: FirstResults,
  run: (dbPath: string, sql: string) => ExecOutcome,
  memo: ResultMemo,
  announce: () => void,
): boolean {
  const dbPath = request.databases[0]!;
  const goldDb = request.goldDatabases?.[0] ?? dbPath;
  // Each query of the probe is announced, so each gets the time limit.
  const runGold = (sql: string): ExecOutcome => {
    const hit = memo.get(goldDb, sql);
    if (hit) return hit;
    announce();
    const fresh = run(goldDb, sql);
    memo.set(goldDb, sql, fresh);
    return fresh;
  };
  const runPred = (sql: string): ExecOutcome => {
    announce();
    return run(dbPath, sql);
  };
  return verdictRestsOnTies(
    { sql: request.gold, rows: first.gold.rows, run: runGold },
    { sql: request.pred, rows: first.pred.rows, run: runPred },
    first.comparison,
    { ...request.compare, budget: request.budget },
    goldDb === dbPath,
  );
}

/** The first database's results and how they compared, for the tie probe. */
interface FirstResults {
  readonly gold: Extract<ExecOutcome, { kind: 'rows' }>;
  readonly pred: Extract<ExecOutcome, { kind: 'rows' }>;
  readonly comparison: Comparison;
}

function squeezed(sql: string): string {
  return sql.replace(/\s+/g, '').toLowerCase();
}

/** An outcome this process already had costs nothing now. */
function shared(outcome: ExecOutcome): ExecOutcome {
  return outcome.kind === 'rows' || outcome.kind === 'error' ? { ...outcome, ms: 0 } : outcome;
}
