import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DEFAULT_EXEC_LIMITS, type ExecLimits, type ExecOutcome, type SqlExecutor } from './ExecOutcome.ts';
import type { Readable } from 'node:stream';
import { STARTED_FD, STARTED_RECORD_BYTES, type ExecBatch, type ExecReply, type ExecRequest, type WorkerMessage } from './_internals/workerProtocol.ts';
import { workerEntry } from './_internals/workerEntry.ts';

export interface SqlitePoolOptions {
  /**
   * Number of child processes. Default: one less than the available cores (at least 1): the
   * parent needs a core of its own to compare results and score exact match, and on two cores
   * a second worker costs more to boot (~0.15 s) than it saves on one dev set.
   */
  size?: number;
  /** Defaults for every query; `execute` may override per call. */
  limits?: Partial<ExecLimits>;
  /** Queries sent ahead to one process, so it never waits on the parent (busy with a large result, say). Default 128. */
  pipelineDepth?: number;
}

const CLOSED: ExecOutcome = { kind: 'unavailable', message: 'pool closed', ms: 0 };

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
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  /** The process said it is ready (a death before that is a failure to start). */
  booted: boolean;
  /** Sent (or about to be) and unanswered, in the order the process will run them. */
  inflight: InFlight[];
  /** Requests waiting for the next batch message. */
  outbox: ExecRequest[];
  /** The query the process announced it is running, and when; null between queries. */
  running: { job: InFlight; since: number } | null;
  /** Time limit of `running`. */
  timer: NodeJS.Timeout | null;
  /** Bytes of an incomplete start record. */
  partial: Buffer;
  /** Databases this worker has loaded, so jobs go where the bytes already are. */
  loaded: Set<string>;
  dead: boolean;
}

/**
 * Runs queries in a pool of child processes. A query that overruns its time limit gets its
 * process SIGKILLed (the only way to stop a query inside better-sqlite3) and a fresh process
 * takes its place; queries queued behind it go back to the pool. A process that dies any
 * other way gets its query a second process; dying there too, the query is `crashed` (never
 * a crash of the caller). What the pool cannot answer through no fault of the query (no
 * process can be started, the pool is closed) is `unavailable`.
 *
 * Each process is sent many queries ahead, in one message per batch, and replies in batches
 * (an IPC message costs more than most Spider queries). Before each query the process writes
 * the query's id to a pipe, so the time limit counts from the moment that query starts.
 */
export class SqlitePool implements SqlExecutor {
  readonly size: number;
  readonly limits: ExecLimits;
  private readonly depth: number;
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private flushScheduled = false;
  /** Processes in a row that could not be started or died before they were ready. */
  private bootFailures = 0;
  private bootFailure = '';
  /** Processes started so far, including replacements (observable in tests). */
  spawned = 0;

  constructor(options: SqlitePoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism() - 1);
    this.limits = { ...DEFAULT_EXEC_LIMITS, ...options.limits };
    this.depth = Math.max(1, options.pipelineDepth ?? 128);
  }

  /** Queries the pool can hold at once: callers keep this many pending to keep every process busy. */
  get capacity(): number {
    return this.size * this.depth;
  }

  /** Starts every process now (they boot while the caller reads its inputs). */
  warmUp(): void {
    while (!this.closed && this.workers.length < this.size && this.bootFailures === 0) if (!this.spawn()) return;
  }

  execute(dbPath: string, sql: string, limits: Partial<ExecLimits> = {}): Promise<ExecOutcome> {
    if (this.closed) return Promise.resolve(CLOSED);
    return new Promise((resolve) => {
      this.queue.push({ dbPath, sql, limits: { ...this.limits, ...limits }, resolve, deaths: 0 });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(CLOSED);
    for (const w of this.workers) {
      if (w.timer) clearTimeout(w.timer);
      w.timer = null;
      w.outbox.length = 0;
      for (const job of w.inflight.splice(0)) job.resolve(CLOSED);
    }
    await Promise.all(this.workers.map((w) => this.stop(w)));
    this.workers.length = 0;
  }

  /** Starts a process, or returns null if none can be started now (see bootFailed). */
  private spawn(): Worker | null {
    const entry = workerEntry();
    let child: ChildProcess;
    try {
      child = fork(entry.file, [], {
        serialization: 'advanced',
        execArgv: [...entry.execArgv],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'],
      });
    } catch (err) {
      this.bootFailed(`cannot start a query process: ${(err as Error).message}`);
      return null;
    }
    this.spawned++;
    let markReady!: () => void;
    const worker: Worker = {
      child,
      ready: new Promise((r) => (markReady = r)),
      booted: false,
      inflight: [],
      outbox: [],
      running: null,
      timer: null,
      partial: Buffer.alloc(0),
      loaded: new Set(),
      dead: false,
    };
    this.workers.push(worker);
    // A process that cannot be started at all (EMFILE, EAGAIN, ENOENT) reports only 'error'.
    // A send racing the child's death must not become an uncaught error either.
    child.on('error', (err) => {
      worker.dead = true;
      if (child.pid === undefined && this.workers.includes(worker)) {
        markReady();
        this.bootFailed(`cannot start a query process: ${err.message}`);
        this.retire(worker, null);
      }
    });
    if (child.pid === undefined) return worker; // its 'error' follows
    child.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'ready') {
        worker.booted = true;
        this.bootFailures = 0;
        return markReady();
      }
      for (const reply of msg.replies) this.finish(worker, reply);
      this.pump();
    });
    const started = child.stdio[STARTED_FD] as Readable | null | undefined;
    started?.on('data', (chunk: Buffer) => this.onStarted(worker, chunk));
    started?.on('error', () => undefined);
    child.on('disconnect', () => {
      worker.dead = true;
    });
    // 'close' comes after the process exited and both its channels (replies, start records)
    // are read to the end, so the query it was really running is known.
    child.on('close', (code, signal) => {
      worker.dead = true;
      markReady();
      if (!this.workers.includes(worker)) return; // already retired (time limit)
      const how = signal ?? `exit ${code}`;
      if (!worker.booted) {
        this.bootFailed(`a query process died while starting (${how})`);
        this.retire(worker, null);
        return;
      }
      // The process may have died under its query (it is then `crashed`) or of something
      // else (killed from outside, out of memory): the query gets one more process.
      this.retire(worker, (job, since) =>
        job.deaths >= 1 ? { kind: 'crashed', message: `query process died (${how})`, ms: performance.now() - since } : 'retry',
      );
    });
    return worker;
  }

  /**
   * A process could not be started, or died before it was ready. A few tries in a row are
   * allowed (with a short pause); then every waiting query fails with the reason, so a broken
   * installation gives an answer instead of spawning forever.
   */
  private bootFailed(reason: string): void {
    this.bootFailures++;
    this.bootFailure = reason;
    if (this.bootFailures < 3) {
      setTimeout(() => this.pump(), 50 * this.bootFailures).unref();
      return;
    }
    if (!this.workers.some((w) => !w.dead)) this.failQueue();
  }

  /** No process can be started: every waiting query gets the reason. */
  private failQueue(): void {
    for (const job of this.queue.splice(0)) job.resolve({ kind: 'unavailable', message: this.bootFailure, ms: 0 });
  }

  /**
   * Takes a worker out of service: the query it was running gets `outcome` (or a retry); every
   * other unanswered query, finished there or not, goes back to the queue. With `outcome` null
   * (the process never got to run anything) nothing is charged.
   */
  private retire(worker: Worker, outcome: ((running: InFlight, since: number) => ExecOutcome | 'retry') | null): void {
    if (worker.timer) clearTimeout(worker.timer);
    worker.timer = null;
    // A process that died before announcing a query died on the next one it would run, so that
    // one is charged: a query that kills every process it meets cannot loop forever.
    const running = outcome && (worker.running ?? (worker.inflight[0] ? { job: worker.inflight[0], since: performance.now() } : null));
    worker.running = null;
    worker.outbox.length = 0;
    const again: Job[] = [];
    for (const job of worker.inflight.splice(0)) {
      const { dbPath, sql, limits, resolve, deaths } = job;
      if (!running || job !== running.job) {
        again.push({ dbPath, sql, limits, resolve, deaths });
        continue;
      }
      const result = outcome!(job, running.since);
      if (result === 'retry') again.unshift({ dbPath, sql, limits, resolve, deaths: deaths + 1 });
      else resolve(result);
    }
    if (this.closed) for (const job of again) job.resolve(CLOSED);
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
        if (this.bootFailures >= 3) {
          if (!this.workers.some((w) => !w.dead)) this.failQueue();
          return;
        }
        if (!this.spawn()) return;
        continue;
      }
      // Prefer a worker that already holds the job's database, then the least loaded one.
      const job = this.queue[0]!;
      const holders = open.filter((w) => w.loaded.has(job.dbPath));
      if (holders.length === 0 && this.workers.length < this.size && this.bootFailures === 0 && open.every((w) => w.inflight.length > 0)) {
        if (this.spawn()) continue;
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
    worker.inflight.push({ ...job, id });
    worker.outbox.push({ id, dbPath: job.dbPath, sql: job.sql, maxRows: job.limits.maxRows, maxBytes: job.limits.maxBytes });
    // Everything dispatched in this turn of the event loop leaves in one message per worker.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    for (const worker of this.workers) {
      if (worker.outbox.length === 0) continue;
      const requests = worker.outbox.splice(0);
      const batch: ExecBatch = { type: 'exec', requests };
      void worker.ready.then(() => {
        if (!worker.dead && worker.child.connected) worker.child.send(batch, (err) => void err);
      });
    }
  }

  /** Start records: the named query is now running; its time limit starts. */
  private onStarted(worker: Worker, chunk: Buffer): void {
    const data = worker.partial.length > 0 ? Buffer.concat([worker.partial, chunk]) : chunk;
    const whole = data.length - (data.length % STARTED_RECORD_BYTES);
    worker.partial = data.subarray(whole);
    if (whole === 0) return;
    // Only the last record matters: the ones before it have finished.
    const id = data.readDoubleLE(whole - STARTED_RECORD_BYTES);
    const job = worker.inflight.find((j) => j.id === id);
    if (!job) return; // already answered (replies travel on another channel)
    if (worker.timer) clearTimeout(worker.timer);
    const since = performance.now();
    worker.running = { job, since };
    worker.timer = setTimeout(() => {
      // Timers run before I/O in an event-loop turn: if this thread was busy past the limit,
      // the query's answer may be waiting unread. Read it first (setImmediate runs after I/O).
      setImmediate(() => {
        if (worker.running?.job !== job || !this.workers.includes(worker)) return;
        worker.dead = true;
        this.retire(worker, () => ({ kind: 'timeout', ms: performance.now() - since, limitMs: job.limits.timeoutMs }));
        worker.child.kill('SIGKILL');
      });
    }, job.limits.timeoutMs);
  }

  private finish(worker: Worker, msg: ExecReply): void {
    const at = worker.inflight.findIndex((j) => j.id === msg.id);
    if (at < 0) return;
    const [job] = worker.inflight.splice(at, 1) as [InFlight];
    if (worker.running?.job === job) {
      if (worker.timer) clearTimeout(worker.timer);
      worker.timer = null;
      worker.running = null;
    }
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
