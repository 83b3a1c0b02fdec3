import type { DatabaseCheck, ExecOutcome, PairRequest } from '../ExecOutcome.ts';

/** Row and byte caps of one request (the time limit is the parent's to enforce). */
interface Caps {
  readonly id: number;
  readonly maxRows: number;
  readonly maxBytes: number;
  /** The time limit: a result kept from earlier (the process's memo, the caller's cache) is judged by it. */
  readonly timeoutMs: number;
}

/** One query for a worker, its rows sent back. */
export interface ExecRequest extends Caps {
  readonly type: 'exec';
  readonly dbPath: string;
  readonly sql: string;
}

/** A gold and a prediction to run and compare there (checkPair); no prediction rows come back. */
export interface CheckRequest extends Caps {
  readonly type: 'check';
  readonly pair: PairRequest;
}

export type WorkerRequest = ExecRequest | CheckRequest;

/** Parent → worker: requests to run in order (sent in batches: one IPC message costs ~70 µs here). */
export interface ExecBatch {
  readonly type: 'exec';
  readonly requests: readonly WorkerRequest[];
}

/**
 * The outcome of one request. Timeouts never appear here: the parent kills a worker that
 * overruns (its queries are rows, an error or too_large; a check's are too).
 */
export type ExecReply =
  | { readonly type: 'exec'; readonly id: number; readonly outcome: ExecOutcome }
  | { readonly type: 'check'; readonly id: number; readonly checks: readonly DatabaseCheck[]; readonly ms: number; readonly tieOrder?: boolean };

/** Worker → parent over IPC: ready once, then replies in batches. */
export type WorkerMessage = { readonly type: 'ready' } | { readonly type: 'replies'; readonly replies: readonly ExecReply[] };

/**
 * Worker → parent over a plain pipe (fd 4): before each step that runs SQL or compares results
 * the worker writes the request's id and the step (two little-endian float64: id, then
 * `database index * STEPS + phase`, see checkPair's phases; 0 for a plain query). Replies are
 * batched, so this record is how the parent knows which step a worker is running and since
 * when: each step's time limit counts from there. A raw write costs a fraction of an IPC message.
 */
export const STARTED_FD = 4;
export const STARTED_RECORD_BYTES = 16;
export const STEPS = 5;
