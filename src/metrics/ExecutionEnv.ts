import type { ExecLimits, ExecOutcome, PairOutcome, SqlExecutor } from '../sql/ExecOutcome.ts';
import type { SharedResults } from '../sql/ResultMemo.ts';

/**
 * Stores gold results across runs, keyed by the database file's content and the SQL text.
 * It keeps only cacheable outcomes (`isCacheable`); scoring judges a hit by the run's own
 * limits (`withinLimits`), so a result kept under looser limits gives the verdict a fresh run gives.
 */
export interface GoldResultCache {
  get(dbPath: string, sql: string): ExecOutcome | undefined;
  set(dbPath: string, sql: string, outcome: ExecOutcome): void;
  /** Gets ready to answer for these databases (optional: a cache may load lazily). */
  preload?(dbPaths: Iterable<string>): void;
}

/** The effects execution scoring needs, passed in so the scoring itself stays testable. */
export interface ExecutionEnv {
  readonly executor: SqlExecutor;
  /** Every database file of a db_id's test suite (`database/<db>/*.sqlite`), main file first. */
  readonly databases: (dbId: string) => readonly string[];
  readonly goldCache?: GoldResultCache;
  /** Checks of pairs already done (or under way) in this process, shared between examples and runs. */
  readonly resultMemo?: SharedResults<PairOutcome>;
  /** Over the executor's own limits. The time limit also sets the result comparison's step budget. */
  readonly limits?: Partial<ExecLimits>;
}
