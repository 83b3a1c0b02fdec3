import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { CHECK_PHASES } from './checkPair.ts';
import {
  DEFAULT_EXEC_LIMITS,
  isCacheable,
  type ExecLimits,
  type ExecOutcome,
  type PairOutcome,
  type PairRequest,
  type SqlExecutor,
} from './ExecOutcome.ts';
import type { Readable } from 'node:stream';
import {
  STARTED_FD,
  STARTED_RECORD_BYTES,
  STEPS,
  type ExecBatch,
  type ExecReply,
  type WorkerMessage,
  type WorkerRequest,
} from './_internals/workerProtocol.ts';
import { workerEntry } from './_internals/workerEntry.ts';

export interface SqlitePoolOptions {
  /**
   * Number of child processes. Default: one less than the available cores (at least 1): the
   * parent needs a core of its own to read inputs and the gold cache and to score exact match,
   * and on two cores a second worker costs more to boot (~0.15 s) than it saves on one dev set.
   */
  size?: number;
  /** Defaults for every query; `execute` may override per call. */
  limits?: Partial<ExecLimits>;
  /** Queries sent ahead to one process, so it never waits on the parent (busy with a large result, say). Default 128. */
  pipelineDepth?: number;
}

/** Why a job got no answer from its process: it overran its time limit, or its process died twice. */
type Stopped = { readonly kind: 'timeout'; readonly ms: number; readonly limitMs: number } | { readonly kind: 'crashed'; readonly message: string; readonly ms: number };

/** What a job asks for: a query's rows (`execute`) or a pair's checks (`check`). */
type Task =
  | { readonly kind: 'exec'; readonly sql: string; readonly resolve: (outcome: ExecOutcome) => void }
  | { readonly kind: 'check'; readonly pair: PairRequest; readonly resolve: (outcome: PairOutcome) => void };

interface Job {
  /** The database the job starts on (jobs go to a process that has it loaded). */
  readonly dbPath: string;
  readonly task: Task;
  readonly limits: ExecLimits;
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
  outbox: WorkerRequest[];
  /** The query (and step, for a check) the process announced it is running, and when; null between queries. */
  running: { job: InFlight; step: number; since: number } | null;
  /** Time limit of `running`. */
  timer: NodeJS.Timeout | null;
  /** Bytes of an incomplete start record. */
  partial: Buffer;
  /** Databases this worker has loaded, so jobs go where the bytes already are. */
  loaded: Set<string>;
  /** Gold outcomes (database, SQL) this worker holds in its memo: not sent to it again. */
  golds: Set<string>;
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
 * Scoring asks for pair checks (`check`): a gold and a prediction run and compared in the
 * process on each database of a suite, so a prediction's rows never cross to this one; gold
 * outcomes the caller holds are sent to a process once (it keeps them), and those it runs come
 * back once for the caller's cache.
 *
 * Each process is sent many requests ahead, in one message per batch, and replies in batches
 * (an IPC message costs more than most Spider queries). Before each query (and each step of a
 * check) the process writes the request's id and step to a pipe, so the time limit counts from
 * the moment that step starts.
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
    return new Promise((resolve) => this.submit(dbPath, { kind: 'exec', sql, resolve }, limits));
  }

  /**
   * Runs and compares a gold and a prediction on each database of `pair.databases` in one
   * process (see checkPair): one request, one reply with a check per database, no rows of the
   * prediction. Each step (gold, prediction, comparison) gets the time limit; a step that
   * overruns it ends the check there (`timeout`, or an `over_budget` comparison), as does a
   * process dying twice under it (`crashed`).
   */
  check(pair: PairRequest, limits: Partial<ExecLimits> = {}): Promise<PairOutcome> {
    const dbPath = pair.databases[0];
    if (dbPath === undefined) return Promise.resolve({ kind: 'checked', checks: [], ms: 0 });
    return new Promise((resolve) => this.submit(dbPath, { kind: 'check', pair, resolve }, limits));
  }

  private submit(dbPath: string, task: Task, limits: Partial<ExecLimits>): void {
    if (this.closed) return unavailable(task, 'pool closed');
    this.queue.push({ dbPath, task, limits: { ...this.limits, ...limits }, deaths: 0 });
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) unavailable(job.task, 'pool closed');
    for (const w of this.workers) {
      if (w.timer) clearTimeout(w.timer);
      w.timer = null;
      w.outbox.length = 0;
      for (const job of w.inflight.splice(0)) unavailable(job.task, 'pool closed');
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
      golds: new Set(),
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
    for (const job of this.queue.splice(0)) unavailable(job.task, this.bootFailure);
  }

  /**
   * Takes a worker out of service: the query it was running gets `outcome` (or a retry); every
   * other unanswered query, finished there or not, goes back to the queue. With `outcome` null
   * (the process never got to run anything) nothing is charged.
   */
  private retire(worker: Worker, outcome: ((running: InFlight, since: number) => Stopped | 'retry') | null): void {
    if (worker.timer) clearTimeout(worker.timer);
    worker.timer = null;
    // A process that died before announcing a query died on the next one it would run, so that
    // one is charged: a query that kills every process it meets cannot loop forever.
    const running = outcome && (worker.running ?? (worker.inflight[0] ? { job: worker.inflight[0], step: -1, since: performance.now() } : null));
    worker.running = null;
    worker.outbox.length = 0;
    const again: Job[] = [];
    for (const job of worker.inflight.splice(0)) {
      const { dbPath, task, limits, deaths } = job;
      if (!running || job !== running.job) {
        again.push({ dbPath, task, limits, deaths });
        continue;
      }
      const result = outcome!(job, running.since);
      if (result === 'retry') again.unshift({ dbPath, task, limits, deaths: deaths + 1 });
      else if (task.kind === 'check' && task.pair.probeTieOrder && CHECK_PHASES[running.step % STEPS] === 'ties') {
        // Stopped in the tie probe, after the check itself: asked again without it, the check
        // has its verdict; whether it rests on tie order stays unknown.
        again.unshift({ dbPath, task: { ...task, pair: { ...task.pair, probeTieOrder: undefined } }, limits, deaths });
      } else if (task.kind === 'check' && task.pair.alsoCompare && CHECK_PHASES[running.step % STEPS] === 'other') {
        // Stopped comparing by the other rules: the check's own verdict was not sent yet. Asked
        // again without them, it has one; the caller compares by the others itself.
        again.unshift({ dbPath, task: { ...task, pair: { ...task.pair, alsoCompare: undefined } }, limits, deaths });
      } else stopped(task, result, running.step);
    }
    if (this.closed) for (const job of again) unavailable(job.task, 'pool closed');
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
    const caps = { id, maxRows: job.limits.maxRows, maxBytes: job.limits.maxBytes, timeoutMs: job.limits.timeoutMs };
    const task = job.task;
    worker.outbox.push(task.kind === 'exec' ? { type: 'exec', ...caps, dbPath: job.dbPath, sql: task.sql } : { type: 'check', ...caps, pair: this.sendable(worker, task.pair) });
    // Everything dispatched in this turn of the event loop leaves in one message per worker.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * The pair as this worker needs it: gold outcomes it already holds (sent before, or run
   * there) are left out, so each gold's rows cross to a process at most once.
   */
  private sendable(worker: Worker, pair: PairRequest): PairRequest {
    if (!pair.knownGold) return pair;
    let knownGold: (ExecOutcome | undefined)[] | undefined;
    pair.knownGold.forEach((outcome, i) => {
      if (!outcome) return;
      const key = goldKey(pair, i);
      if (!worker.golds.has(key)) {
        if (isCacheable(outcome)) worker.golds.add(key);
        return;
      }
      knownGold ??= [...pair.knownGold!];
      knownGold[i] = undefined;
    });
    return knownGold ? { ...pair, knownGold } : pair;
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
    // Only the last record matters: the steps before it have finished.
    const id = data.readDoubleLE(whole - STARTED_RECORD_BYTES);
    const step = data.readDoubleLE(whole - STARTED_RECORD_BYTES + 8);
    const job = worker.inflight.find((j) => j.id === id);
    if (!job) return; // already answered (replies travel on another channel)
    if (worker.timer) clearTimeout(worker.timer);
    const since = performance.now();
    const running = { job, step, since };
    worker.running = running;
    worker.timer = setTimeout(() => {
      // Timers run before I/O in an event-loop turn: if this thread was busy past the limit,
      // the query's answer may be waiting unread. Read it first (setImmediate runs after I/O).
      setImmediate(() => {
        if (worker.running !== running || !this.workers.includes(worker)) return;
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
    const task = job.task;
    if (msg.type === 'exec' && task.kind === 'exec') return task.resolve(msg.outcome);
    if (msg.type !== 'check' || task.kind !== 'check') return;
    // What the process ran for this check it now holds in its memo.
    for (const c of msg.checks) if (isCacheable(c.gold)) worker.golds.add(goldKey(task.pair, c.index));
    task.resolve({ kind: 'checked', checks: msg.checks, ms: msg.ms, ...(msg.tieOrder !== undefined ? { tieOrder: msg.tieOrder } : {}) });
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

function goldKey(pair: PairRequest, index: number): string {
  return (pair.goldDatabases?.[index] ?? pair.databases[index]!) + '\u0000' + pair.gold;
}

/** A job the pool cannot answer (closed, or no process can start). */
function unavailable(task: Task, message: string): void {
  if (task.kind === 'exec') task.resolve({ kind: 'unavailable', message, ms: 0 });
  else task.resolve({ kind: 'unavailable', message, ms: 0 });
}

/**
 * A job whose process was killed at its time limit or died twice under it, at `step` (the
 * last one the process announced; -1: none). A query gets the outcome itself. A check ends on
 * the database of that step, whose earlier steps went through (the databases before it
 * accepted the prediction, or the check would have stopped there): an overrun gold or
 * prediction is that query's outcome; an overrun comparison is one that ran out of budget.
 */
function stopped(task: Task, outcome: Stopped, step: number): void {
  if (task.kind === 'exec') return task.resolve(outcome);
  const index = Math.max(0, Math.floor(step / STEPS));
  // A process that died before announcing a step of this check died on its first one.
  const phase = step < 0 ? (task.pair.knownGold?.[0] ? 'pred' : 'gold') : CHECK_PHASES[step % STEPS];
  const rows = { kind: 'rows', rowCount: null, ms: 0 } as const; // went through; not sent back
  const check =
    phase === 'gold'
      ? { index, gold: outcome }
      : phase === 'pred'
        ? { index, gold: rows, pred: outcome }
        : outcome.kind === 'timeout'
          ? { index, gold: rows, pred: rows, comparison: 'over_budget' as const }
          : { index, gold: rows, pred: { ...outcome, message: `${outcome.message} while comparing results` } };
  // (A stop while comparing by PairRequest.alsoCompare is asked again without it: see retire.)
  task.resolve({ kind: 'checked', checks: [check], ms: outcome.ms });
}
