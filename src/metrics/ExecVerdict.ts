/**
 * Why an example was scored the way it was. Only `match` is correct. `unavailable` is no
 * verdict on the prediction at all: the example could not be scored (see ExecOutcome), and
 * a run that holds one must be reported as failed, never as a score.
 */
export type ExecReason = ExecVerdict['reason'];

export const EXEC_REASONS = [
  'match',
  'mismatch',
  'pred_error',
  'timeout',
  'too_large',
  'compare_budget',
  'gold_error',
  'unavailable',
] as const satisfies readonly ExecReason[];

// Every reason is listed: a reason added to ExecVerdict without EXEC_REASONS fails to compile.
type Unlisted = Exclude<ExecReason, (typeof EXEC_REASONS)[number]>;
const everyReasonListed: [Unlisted] extends [never] ? true : never = true;
void everyReasonListed;

interface Scored {
  readonly index: number;
  readonly dbId: string;
  /** Wall time spent executing this example's queries (gold from cache counts as 0). */
  readonly ms: number;
}

/** The database file (basename) that decided a non-match, for test suites with several. */
interface OnDatabase {
  readonly database: string;
}

/** The execution-accuracy verdict on one example, keyed by its reason. */
export type ExecVerdict =
  | (Scored & { readonly correct: true; readonly reason: 'match' })
  | (Scored & OnDatabase & { readonly correct: false; readonly reason: 'mismatch' })
  /** The prediction failed: SQLite's message, or `empty prediction` (then no database). */
  | (Scored & Partial<OnDatabase> & { readonly correct: false; readonly reason: 'pred_error'; readonly message: string })
  | (Scored & OnDatabase & { readonly correct: false; readonly reason: 'timeout'; readonly message: string; readonly limitMs: number })
  | (Scored & OnDatabase & { readonly correct: false; readonly reason: 'too_large'; readonly message: string })
  /** The result comparison ran out of steps (see compareResults): the prediction is not accepted. */
  | (Scored & OnDatabase & { readonly correct: false; readonly reason: 'compare_budget'; readonly steps: number })
  /** The gold query failed (a dataset error, counted as not correct); no database when the suite has none. */
  | (Scored & Partial<OnDatabase> & { readonly correct: false; readonly reason: 'gold_error'; readonly message: string })
  | (Scored & OnDatabase & { readonly correct: false; readonly reason: 'unavailable'; readonly message: string });

/** An example that could not be scored at all (never a verdict on its prediction). */
export type UnavailableVerdict = Extract<ExecVerdict, { reason: 'unavailable' }>;

/** A gold/prediction pair to score. */
export interface ExecExample {
  readonly index: number;
  readonly dbId: string;
  readonly gold: string;
  readonly pred: string;
  /**
   * This example's own test suite, main database first (a suite generated for its gold);
   * default: ExecutionEnv.databases(dbId). A verdict names the file that decided it.
   */
  readonly databases?: readonly string[];
}
