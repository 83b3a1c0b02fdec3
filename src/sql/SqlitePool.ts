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
}

interface Job {
  readonly dbPath: string;
  readonly sql: string;
  readonly limits: ExecLimits;
  readonly resolve: (outcome: ExecOutcome) => void;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  job: (Job & { id: number; started: number; timer: NodeJS.Timeout }) | null;
  /** Databases this worker has loaded, so jobs go where the bytes already are. */
  loaded: Set<string>;
  dead: boolean;
}

/**
 * Runs queries in a pool of child processes. A query that overruns its time limit gets its
 * process SIGKILLed (the only way to stop a query inside better-sqlite3) and a fresh process
 * takes its place; a process that dies any other way becomes an error outcome, never a crash.
 */
export class SqlitePool implements SqlExecutor {
  readonly size: number;
  private readonly limits: ExecLimits;
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Processes started so far, including replacements (observable in tests). */
  spawned = 0;

  constructor(options: SqlitePoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.limits = { ...DEFAULT_EXEC_LIMITS, ...options.limits };
  }

  execute(dbPath: string, sql: string, limits: Partial<ExecLimits> = {}): Promise<ExecOutcome> {
    if (this.closed) return Promise.reject(new Error('SqlitePool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ dbPath, sql, limits: { ...this.limits, ...limits }, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ kind: 'error', message: 'pool closed', ms: 0 });
    await Promise.all(this.workers.map((w) => this.stop(w)));
    this.workers.length = 0;
  }

  private spawn(): Worker {
    const entry = workerEntry();
    const child = fork(entry.file, [], { serialization: 'advanced', execArgv: [...entry.execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.spawned++;
    let markReady!: () => void;
    const worker: Worker = { child, ready: new Promise((r) => (markReady = r)), job: null, loaded: new Set(), dead: false };
    child.on('message', (msg: WorkerReply) => {
      if (msg.type === 'ready') return markReady();
      this.finish(worker, msg);
    });
    child.on('exit', (code, signal) => {
      worker.dead = true;
      markReady();
      const job = worker.job;
      if (job) {
        worker.job = null;
        clearTimeout(job.timer);
        job.resolve({ kind: 'error', message: `query process died (${signal ?? `exit ${code}`})`, ms: performance.now() - job.started });
      }
      const i = this.workers.indexOf(worker);
      if (i >= 0) this.workers.splice(i, 1);
      this.pump();
    });
    this.workers.push(worker);
    return worker;
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      const idle = this.workers.filter((w) => !w.job && !w.dead);
      if (idle.length === 0) {
        if (this.workers.length >= this.size) return;
        this.spawn();
        continue;
      }
      // Prefer a job whose database an idle worker already holds.
      let pick: { w: Worker; j: number } | null = null;
      for (let j = 0; j < Math.min(this.queue.length, 64) && !pick; j++) {
        const w = idle.find((x) => x.loaded.has(this.queue[j]!.dbPath));
        if (w) pick = { w, j };
      }
      if (!pick) {
        // No affinity: a fresh worker if we may start one, else any idle one.
        if (this.workers.length < this.size && idle.every((w) => w.loaded.size > 0)) {
          this.spawn();
          continue;
        }
        pick = { w: idle[0]!, j: 0 };
      }
      const [job] = this.queue.splice(pick.j, 1);
      this.dispatch(pick.w, job!);
    }
  }

  private dispatch(worker: Worker, job: Job): void {
    const id = this.nextId++;
    worker.loaded.add(job.dbPath);
    const started = performance.now();
    const timer = setTimeout(() => {
      if (worker.job?.id !== id) return;
      worker.job = null;
      job.resolve({ kind: 'timeout', ms: performance.now() - started, limitMs: job.limits.timeoutMs });
      worker.dead = true;
      worker.child.kill('SIGKILL');
    }, job.limits.timeoutMs);
    worker.job = { ...job, id, started, timer };
    worker.child.ref();
    const req: ExecRequest = { type: 'exec', id, dbPath: job.dbPath, sql: job.sql, maxRows: job.limits.maxRows, maxBytes: job.limits.maxBytes };
    void worker.ready.then(() => {
      if (!worker.dead && worker.job?.id === id) worker.child.send(req);
    });
  }

  private finish(worker: Worker, msg: Exclude<WorkerReply, { type: 'ready' }>): void {
    const job = worker.job;
    if (!job || job.id !== msg.id) return;
    worker.job = null;
    clearTimeout(job.timer);
    switch (msg.type) {
      case 'rows':
        job.resolve({ kind: 'rows', rows: msg.rows, ms: msg.ms });
        break;
      case 'error':
        job.resolve({ kind: 'error', message: msg.message, ms: msg.ms });
        break;
      case 'too_large':
        job.resolve({ kind: 'too_large', reason: msg.reason, ms: msg.ms });
        break;
    }
    this.pump();
  }

  private stop(worker: Worker): Promise<void> {
    if (worker.dead || worker.child.exitCode !== null) return Promise.resolve();
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
