import type { Row } from '../PyValue.ts';

/** Parent → worker. */
export interface ExecRequest {
  readonly type: 'exec';
  readonly id: number;
  readonly dbPath: string;
  readonly sql: string;
  readonly maxRows: number;
  readonly maxBytes: number;
}

/** Worker → parent. Timeouts never appear here: the parent kills a worker that overruns. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'rows'; readonly id: number; readonly rows: Row[]; readonly ms: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly ms: number }
  | { readonly type: 'too_large'; readonly id: number; readonly reason: string; readonly ms: number };
