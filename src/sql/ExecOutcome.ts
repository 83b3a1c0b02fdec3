import type { Row } from './PyValue.ts';

/** What running one query on one database produced. Failures are data, never exceptions. */
export type ExecOutcome =
  | { readonly kind: 'rows'; readonly rows: readonly Row[]; readonly ms: number }
  | { readonly kind: 'error'; readonly message: string; readonly ms: number }
  | { readonly kind: 'timeout'; readonly ms: number; readonly limitMs: number }
  | { readonly kind: 'too_large'; readonly ms: number; readonly reason: string };

/** Limits for one query: wall time (the process running it is killed), rows and bytes kept. */
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
  execute(dbPath: string, sql: string, limits?: Partial<ExecLimits>): Promise<ExecOutcome>;
  close(): Promise<void>;
}
