import type { Row } from '../PyValue.ts';

/** One query for a worker. */
export interface ExecRequest {
  readonly id: number;
  readonly dbPath: string;
  readonly sql: string;
  readonly maxRows: number;
  readonly maxBytes: number;
}

/** Parent → worker: queries to run in order (sent in batches: one IPC message costs ~70 µs here). */
export interface ExecBatch {
  readonly type: 'exec';
  readonly requests: readonly ExecRequest[];
}

/** The outcome of one request. Timeouts never appear here: the parent kills a worker that overruns. */
export type ExecReply =
  | { readonly type: 'rows'; readonly id: number; readonly rows: Row[]; readonly ms: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly ms: number }
  | { readonly type: 'too_large'; readonly id: number; readonly reason: string; readonly ms: number };

/** Worker → parent over IPC: ready once, then replies in batches. */
export type WorkerMessage = { readonly type: 'ready' } | { readonly type: 'replies'; readonly replies: readonly ExecReply[] };

/**
 * Worker → parent over a plain pipe (fd 4): before running a request the worker writes its id
 * as one little-endian float64. Replies are batched, so this record is how the parent knows
 * which query a worker is running and since when (its time limit counts from there); a raw
 * 8-byte write costs a fraction of an IPC message.
 */
export const STARTED_FD = 4;
export const STARTED_RECORD_BYTES = 8;
