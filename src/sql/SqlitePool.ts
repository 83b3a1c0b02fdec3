import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DEFAULT_EXEC_LIMITS, type ExecLimits, type ExecOutcome, type SqlExecutor } from './ExecOutcome.ts';
import type { ExecRequest, WorkerReply } from './_internals/workerProtocol.ts';
import { workerEntry } from './_internals/workerEntry.ts';

export interface SqlitePoolOptions {
  /** Number of child processes. Default: available cores (at least 1). */
  size?: number;
  /** Defaults for every query; `execute` may override per call. */
  limits?: Partial<ExecLimits>;
  /** Queries sent ahead to one process, so it never waits on the parent. Default 4. */
  pipelineDepth?: number;
}

interface Job {
  readonly dbPath: string;
  readonly sql: string;
  readonly limits: ExecLimits;
  readonly resolve: (outcome: ExecOutcome) => void;
  /** Processes that died while this job was their current one. */
  readonly deaths: number;
}

interface InFlight extends Job {
  readonly id: number;
  /** When the process started on it (it works through its queue in order). */
  startedAt: number;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  /** Sent and unanswered, in the order the process will run them. */
  inflight: InFlight[];
  /** Time limit of the head of `inflight`. */
  timer: NodeJS.Timeout | null;
  /** Databases this worker has loaded, so jobs go where the bytes already are. */
  loaded: Set<string>;
  dead: boolean;
}

/**
 * Runs queries in a pool of child processes. A query that overruns its time limit gets its
 * process SIGKILLed (the only way to stop a query inside better-sqlite3) and a fresh process
 * takes its place; queries queued behind it go back to the pool. A process that dies any
 * other way turns the query it was running into an error outcome, never a crash. Each process
 * is sent a few queries ahead, so the round trip to the parent is not paid between queries.
 */
export class SqlitePool implements SqlExecutor {
  readonly size: number;
  private readonly limits: ExecLimits;
  private readonly depth: number;
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Processes started so far, including replacements (observable in tests). */
  spawned = 0;

  constructor(options: SqlitePoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.limits = { ...DEFAULT_EXEC_LIMITS, ...options.limits };
    this.depth = Math.max(1, options.pipelineDepth ?? 4);
  }

  execute(dbPath: string, sql: string, limits: Partial<ExecLimits> = {}): Promise<ExecOutcome> {
    if (this.closed) return Promise.reject(new Error('SqlitePool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ dbPath, sql, limits: { ...this.limits, ...limits }, resolve, deaths: 0 });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closed: ExecOutcome = { kind: 'error', message: 'pool closed', ms: 0 };
    for (const job of this.queue.splice(0)) job.resolve(closed);
    for (const w of this.workers) {
      if (w.timer) clearTimeout(w.timer);
      w.timer = null;
      for (const job of w.inflight.splice(0)) job.resolve(closed);
    }
    await Promise.all(this.workers.map((w) => this.stop(w)));
    this.workers.length = 0;
  }

  private spawn(): Worker {
    const entry = workerEntry();
    const child = fork(entry.file, [], { serialization: 'advanced', execArgv: [...entry.execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.spawned++;
    let markReady!: () => void;
    const worker: Worker = { child, ready: new Promise((r) => (markReady = r)), inflight: [], timer: null, loaded: new Set(), dead: false };
    child.on('message', (msg: WorkerReply) => {
      if (msg.type === 'ready') return markReady();
      this.finish(worker, msg);
    });
    // A send racing the child's death must not become an uncaught error in the parent.
    child.on('error', () => {
      worker.dead = true;
    });
    child.on('disconnect', () => {
      worker.dead = true;
    });
    child.on('exit', (code, signal) => {
      worker.dead = true;
      markReady();
      // The process may have died under its query (it is then an error) or of something
      // else (killed from outside, out of memory): the query gets one more process.
      this.retire(worker, (head) =>
        head.deaths >= 1 ? { kind: 'error', message: `query process died (${signal ?? `exit ${code}`})`, ms: performance.now() - head.startedAt } : 'retry',
      );
    });
    this.workers.push(worker);
    return worker;
  }

  /** Takes a worker out of service: its head query gets `outcome` (or a retry), the rest are queued again. */
  private retire(worker: Worker, outcome: (head: InFlight) => ExecOutcome | 'retry'): void {
    if (worker.timer) clearTimeout(worker.timer);
    worker.timer = null;
    const [head, ...rest] = worker.inflight.splice(0);
    const again: Job[] = rest.map(({ dbPath, sql, limits, resolve, deaths }) => ({ dbPath, sql, limits, resolve, deaths }));
    if (head) {
      const result = outcome(head);
      if (result === 'retry') again.unshift({ dbPath: head.dbPath, sql: head.sql, limits: head.limits, resolve: head.resolve, deaths: head.deaths + 1 });
      else head.resolve(result);
    }
    if (this.closed) for (const job of again) job.resolve({ kind: 'error', message: 'pool closed', ms: 0 });
    else this.queue.unshift(...again);
    const i = this.workers.indexOf(worker);
    if (i >= 0) this.workers.splice(i, 1);
    this.pump();
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      const open = this.workers.filter((w) => !w.dead && w.inflight.length < this.depth);
      if (open.length === 0) {
        if (this.workers.length >= this.size) return;
        this.spawn();
        continue;
      }
      // Prefer a worker that already holds the job's database, then the least loaded one.
      const job = this.queue[0]!;
      const holders = open.filter((w) => w.loaded.has(job.dbPath));
      if (holders.length === 0 && this.workers.length < this.size && open.every((w) => w.inflight.length > 0)) {
        this.spawn();
        continue;
      }
      const candidates = holders.length > 0 ? holders : open;
      const worker = candidates.reduce((best, w) => (w.inflight.length < best.inflight.length ? w : best));
      this.queue.shift();
      this.dispatch(worker, job);
    }
  }

  private dispatch(worker: Worker, job: Job): void {
    const id = this.nextId++;
    worker.loaded.add(job.dbPath);
    worker.inflight.push({ ...job, id, startedAt: performance.now() });
    const req: ExecRequest = { type: 'exec', id, dbPath: job.dbPath, sql: job.sql, maxRows: job.limits.maxRows, maxBytes: job.limits.maxBytes };
    void worker.ready.then(() => {
      // The clock starts once the process is up, not while it boots.
      if (worker.inflight[0]?.id === id && !worker.timer) this.armHead(worker);
      if (!worker.dead && worker.child.connected) worker.child.send(req, (err) => void err);
    });
  }

  /** Starts the time limit of the query the process is now running. */
  private armHead(worker: Worker): void {
    const head = worker.inflight[0];
    if (!head) return;
    head.startedAt = performance.now();
    worker.timer = setTimeout(() => {
      if (worker.inflight[0] !== head) return;
      worker.dead = true;
      this.retire(worker, () => ({ kind: 'timeout', ms: performance.now() - head.startedAt, limitMs: head.limits.timeoutMs }));
      worker.child.kill('SIGKILL');
    }, head.limits.timeoutMs);
  }

  private finish(worker: Worker, msg: Exclude<WorkerReply, { type: 'ready' }>): void {
    const head = worker.inflight[0];
    if (!head || head.id !== msg.id) return;
    worker.inflight.shift();
    if (worker.timer) clearTimeout(worker.timer);
    worker.timer = null;
    this.armHead(worker);
    switch (msg.type) {
      case 'rows':
        head.resolve({ kind: 'rows', rows: msg.rows, ms: msg.ms });
        break;
      case 'error':
        head.resolve({ kind: 'error', message: msg.message, ms: msg.ms });
        break;
      case 'too_large':
        head.resolve({ kind: 'too_large', reason: msg.reason, ms: msg.ms });
        break;
    }
    this.pump();
  }

  private stop(worker: Worker): Promise<void> {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return Promise.resolve();
    if (!worker.child.connected) {
      worker.child.kill('SIGKILL');
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const kill = setTimeout(() => worker.child.kill('SIGKILL'), 2000);
      worker.child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      worker.child.disconnect();
    });
  }
}
