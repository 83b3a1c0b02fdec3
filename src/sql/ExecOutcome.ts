import type { Row } from './PyValue.ts';

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
export function isCacheable(outcome: ExecOutcome): boolean {
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

/** Runs queries against SQLite files. The pool of child processes is the real one. */
export interface SqlExecutor {
  /** The limits a query gets where `execute` is given none. */
  readonly limits: ExecLimits;
  execute(dbPath: string, sql: string, limits?: Partial<ExecLimits>): Promise<ExecOutcome>;
  close(): Promise<void>;
}
