import fs from 'node:fs';
import { execa } from 'execa';
import { parseTrainerEvent, type TrainerEvent, type TrainPlan } from './TrainerEvent.ts';

type EventOf<K extends TrainerEvent['event']> = Extract<TrainerEvent, { event: K }>;

/** How a trainer process ended: data, for the CLI to word. */
export type TrainerOutcome =
  | { readonly kind: 'planned'; readonly plan: TrainPlan; readonly configHash: string }
  | { readonly kind: 'done'; readonly done: EventOf<'done'>; readonly checkpoints: readonly EventOf<'checkpoint'>[] }
  /** Stopped on request (Ctrl-C): the last checkpoint it saved, if any; running again resumes. */
  | { readonly kind: 'stopped'; readonly step: number | null; readonly checkpoint: string | null; readonly checkpoints: readonly EventOf<'checkpoint'>[] }
  /** The trainer reported why it failed (bad config, no CUDA, out of memory, …). */
  | { readonly kind: 'failed'; readonly error: EventOf<'error'>; readonly exitCode: number }
  /** It exited without saying why (a crash, a kill): its last stderr line and the log say more. */
  | { readonly kind: 'crashed'; readonly exitCode: number | null; readonly signal: string | null; readonly lastLine: string; readonly checkpoints: readonly EventOf<'checkpoint'>[] };

export interface RunTrainerOptions {
  readonly python: string;
  /** train.py, or any script speaking the same protocol. */
  readonly script: string;
  readonly config: string;
  readonly dryRun?: boolean;
  /** Every stdout and stderr line of the trainer is appended here. */
  readonly logFile?: string;
  readonly onEvent?: (event: TrainerEvent) => void;
  /** Aborting asks the trainer to stop (SIGINT: it saves a checkpoint), killing it after `graceMs`. */
  readonly signal?: AbortSignal;
  /** Default 120 s: saving a checkpoint of a large adapter takes a while. */
  readonly graceMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

/** Runs the trainer to its end, following its progress protocol. Never throws for trainer failures. */
export async function runTrainer(options: RunTrainerOptions): Promise<TrainerOutcome> {
  const log = options.logFile ? fs.openSync(options.logFile, 'a') : null;
  const write = (text: string): void => {
    if (log !== null) fs.writeSync(log, text);
  };
  const args = [options.script, '--config', options.config, ...(options.dryRun ? ['--dry-run'] : [])];
  write(`# ${new Date().toISOString()} ${options.python} ${args.join(' ')}\n`);
  const child = execa(options.python, args, { reject: false, buffer: false, stdin: 'ignore', env: { ...options.env, PYTHONUNBUFFERED: '1' }, extendEnv: options.env === undefined, ...(options.cwd ? { cwd: options.cwd } : {}) });

  const checkpoints: EventOf<'checkpoint'>[] = [];
  let plan: EventOf<'plan'> | null = null;
  let done: EventOf<'done'> | null = null;
  let stopped: EventOf<'stopped'> | null = null;
  let error: EventOf<'error'> | null = null;
  let lastStderr = '';
  let stopRequested = false;
  let killTimer: NodeJS.Timeout | undefined;

  const onEvent = (e: TrainerEvent): void => {
    if (e.event === 'plan') plan = e;
    else if (e.event === 'checkpoint') checkpoints.push(e);
    else if (e.event === 'done') done = e;
    else if (e.event === 'stopped') stopped = e;
    else if (e.event === 'error') error = e;
    options.onEvent?.(e);
  };
  lines(child.stdout!, (line) => {
    write(line + '\n');
    const e = parseTrainerEvent(line);
    if (e) onEvent(e);
  });
  lines(child.stderr!, (line) => {
    write(line + '\n');
    if (line.trim()) lastStderr = line.trim();
  });

  const stop = (): void => {
    if (stopRequested) return;
    stopRequested = true;
    write(`# ${new Date().toISOString()} stop requested: SIGINT, then SIGKILL after ${(options.graceMs ?? 120_000) / 1000} s\n`);
    child.kill('SIGINT');
    killTimer = setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? 120_000);
  };
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  let result;
  try {
    result = await child;
  } finally {
    clearTimeout(killTimer);
    options.signal?.removeEventListener('abort', stop);
  }
  await new Promise((r) => setImmediate(r)); // let the last lines' handlers run
  write(`# exit ${result.exitCode ?? result.signal}\n`);
  if (log !== null) fs.closeSync(log);

  const exitCode = result.exitCode ?? null;
  const p = plan as EventOf<'plan'> | null;
  const d = done as EventOf<'done'> | null;
  const s = stopped as EventOf<'stopped'> | null;
  const err = error as EventOf<'error'> | null;
  if (options.dryRun && p && exitCode === 0) return { kind: 'planned', plan: p.plan, configHash: p.config_hash };
  if (d && exitCode === 0) return { kind: 'done', done: d, checkpoints };
  if (stopRequested && (s || err?.kind === 'interrupted' || exitCode === 130 || result.signal)) {
    return { kind: 'stopped', step: s?.step ?? checkpoints.at(-1)?.step ?? null, checkpoint: s?.checkpoint ?? checkpoints.at(-1)?.path ?? null, checkpoints };
  }
  if (err && exitCode !== 0 && exitCode !== null) return { kind: 'failed', error: err, exitCode };
  return { kind: 'crashed', exitCode, signal: result.signal ?? null, lastLine: lastStderr, checkpoints };
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      onLine(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
    }
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
    rest = '';
  });
}
