import type { Row } from './PyValue.ts';
import type { Comparison, ResultsEqualOptions } from './resultsEqual.ts';

/**
 * What running one query on one database produced. Failures are data, never exceptions:
 * - `error`: SQLite (or the sandbox) refused the query; a fact about (engine, database, query).
 * - `timeout`, `too_large`: the query overran a limit of this run.
 * - `crashed`: the query's process died under it twice in a row (charged to the query, but
 *   the death may depend on the moment, e.g. memory).
 * - `unavailable`: no answer for a reason outside the query: no query process could be
 *   started, or the pool was closed. Never a verdict on the query.
 */
export type ExecOutcome =
  | { readonly kind: 'rows'; readonly rows: readonly Row[]; readonly ms: number }
  | { readonly kind: 'error'; readonly message: string; readonly ms: number }
  | { readonly kind: 'timeout'; readonly ms: number; readonly limitMs: number }
  | { readonly kind: 'too_large'; readonly ms: number; readonly reason: string }
  | { readonly kind: 'crashed'; readonly message: string; readonly ms: number }
  | { readonly kind: 'unavailable'; readonly message: string; readonly ms: number };

/**
 * Whether an outcome may be kept and reused (gold cache on disk, result memo): only facts
 * about (engine, database, query). Everything else depends on the moment or on the limits.
 */
export function isCacheable(outcome: { readonly kind: ExecOutcome['kind'] }): boolean {
  switch (outcome.kind) {
    case 'rows':
    case 'error':
      return true;
    case 'timeout':
    case 'too_large':
    case 'crashed':
    case 'unavailable':
      return false;
  }
}

/**
 * Limits for one query: wall time (the process running it is killed; scoring also derives the
 * result comparison's step budget from it), rows and bytes kept.
 */
export interface ExecLimits {
  readonly timeoutMs: number;
  readonly maxRows: number;
  readonly maxBytes: number;
}

export const DEFAULT_EXEC_LIMITS: ExecLimits = {
  timeoutMs: 30_000,
  maxRows: 200_000,
  maxBytes: 128 * 1024 * 1024,
};

/**
 * A gold query and a prediction to run and compare on the databases of a test suite, in one
 * request to a query process: the prediction's rows stay there, and what comes back is one
 * DatabaseCheck per database looked at.
 */
export interface PairRequest {
  /** Where the prediction runs, main database first. */
  readonly databases: readonly string[];
  /** Where the gold runs, by position; default: the same database as the prediction. */
  readonly goldDatabases?: readonly string[];
  /** Both texts as they are to be run (already rewritten, see prepareForExecution). */
  readonly gold: string;
  readonly pred: string;
  /** How the results are compared (resultsEqual's rules). */
  readonly compare: ResultsEqualOptions;
  /**
   * Rules to compare by as well, on each database compared (the other compat mode): its
   * comparison comes back as DatabaseCheck.other, and the checks still stop where `compare` decides.
   */
  readonly alsoCompare?: ResultsEqualOptions;
  /** Steps the result comparison may take on each database (compareResults). */
  readonly budget: number;
  /**
   * Gold outcomes the caller already holds (its gold cache), by position; missing ones are
   * run. Judged by the request's limits (withinLimits), as a fresh result is.
   */
  readonly knownGold?: readonly (ExecOutcome | undefined)[];
  /** Send back the gold outcomes run for this request (with their rows), so the caller can keep them. */
  readonly returnGold?: boolean;
  /**
   * Also say whether the verdict on the first database may rest on how ORDER BY ties are
   * broken (PairOutcome.tieOrder; see sql/tieOrder's verdictRestsOnTies). Costs up to four
   * more queries, only where a top-level ORDER BY can matter.
   */
  readonly probeTieOrder?: boolean;
}

/** An outcome without its rows: what a check says about a query (rowCount null: not known, see PairOutcome). */
export type RowlessOutcome = Exclude<ExecOutcome, { kind: 'rows' }> | { readonly kind: 'rows'; readonly rowCount: number | null; readonly ms: number };

/** What one database said. Checks stop at the first database where the prediction is not accepted. */
export interface DatabaseCheck {
  /** Position in PairRequest.databases. */
  readonly index: number;
  /** The gold's outcome (ms 0 when it was known: the caller's cache or the process's memo). */
  readonly gold: RowlessOutcome;
  /** The prediction's outcome; absent when the gold gave no rows (nothing to compare with). */
  readonly pred?: RowlessOutcome;
  /** Present when both gave rows. */
  readonly comparison?: Comparison;
  /** By PairRequest.alsoCompare's rules, where asked for and both gave rows. */
  readonly other?: Comparison;
  /** The gold's full outcome, when it was run for this request and PairRequest.returnGold asked for it. */
  readonly freshGold?: ExecOutcome;
}

/**
 * The answer to a PairRequest. `checked`: the databases in order up to the first one that
 * decides against the prediction (all of them when it is accepted everywhere). A query the
 * pool stopped (time limit) or that killed its process has a single check, on that database:
 * the ones before it accepted the prediction. `unavailable`: no query process could answer
 * (see ExecOutcome); nothing is known.
 */
export type PairOutcome =
  | {
      readonly kind: 'checked';
      readonly checks: readonly DatabaseCheck[];
      readonly ms: number;
      /**
       * Where PairRequest.probeTieOrder asked: whether the verdict on the first database may rest
       * on tie order (false where the gold or the prediction gave no rows there). Absent when
       * not asked, or when the probe was stopped (time limit): unknown.
       */
      readonly tieOrder?: boolean;
    }
  | { readonly kind: 'unavailable'; readonly message: string; readonly ms: number };

/** The outcome without its rows. */
export function rowless(outcome: ExecOutcome): RowlessOutcome {
  return outcome.kind === 'rows' ? { kind: 'rows', rowCount: outcome.rows.length, ms: outcome.ms } : outcome;
}

/** Runs queries against SQLite files. The pool of child processes is the real one. */
export interface SqlExecutor {
  /** The limits a query gets where `execute` or `check` is given none. */
  readonly limits: ExecLimits;
  /** One query, its rows returned (for showing results; scoring uses `check`). */
  execute(dbPath: string, sql: string, limits?: Partial<ExecLimits>): Promise<ExecOutcome>;
  /** A gold and a prediction run and compared where they run (checkPair); no prediction rows come back. */
  check(request: PairRequest, limits?: Partial<ExecLimits>): Promise<PairOutcome>;
  close(): Promise<void>;
}
