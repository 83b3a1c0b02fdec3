/** Why an example was scored the way it was. Only `match` is correct. */
export type ExecReason = 'match' | 'mismatch' | 'pred_error' | 'timeout' | 'too_large' | 'gold_error';

export const EXEC_REASONS: readonly ExecReason[] = ['match', 'mismatch', 'pred_error', 'timeout', 'too_large', 'gold_error'];

/** The execution-accuracy verdict on one example. */
export interface ExecVerdict {
  readonly index: number;
  readonly dbId: string;
  readonly correct: boolean;
  readonly reason: ExecReason;
  /** The error text for pred_error / gold_error / too_large. */
  readonly message?: string;
  /** The database file (basename) that decided a non-match, for test suites with several. */
  readonly database?: string;
  /** Wall time spent executing this example's queries (gold from cache counts as 0). */
  readonly ms: number;
}

/** A gold/prediction pair to score. */
export interface ExecExample {
  readonly index: number;
  readonly dbId: string;
  readonly gold: string;
  readonly pred: string;
}
