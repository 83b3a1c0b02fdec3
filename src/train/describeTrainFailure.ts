import type { PythonProblem } from './findPython.ts';
import type { TrainAdapterResult } from './trainAdapter.ts';

const setUp = 'python3 (3.9+) for the data checks; for training, the GPU stack in trainer/requirements.txt (see trainer/README.md)';

/** One line saying why no usable Python was found and what to install. */
export function describePythonProblem(p: PythonProblem): string {
  const from = p.source === 'T2SQL_PYTHON' ? ' (from $T2SQL_PYTHON)' : p.source === 'trainer/.venv' ? ' (trainer/.venv)' : ' (on PATH)';
  if (p.kind === 'missing') return `no Python at ${p.executable}${from}: install ${setUp}, or set T2SQL_PYTHON`;
  if (p.kind === 'too-old') return `${p.executable}${from} is Python ${p.version}; the trainer needs 3.9 or newer: install ${setUp}`;
  return `${p.executable}${from} does not run (${p.detail}): repair it or set T2SQL_PYTHON; install ${setUp}`;
}

/** The `--config FILE` of a run: its run.json fields. */
export interface RunConfigFile {
  readonly file: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * One line for a run that produced no adapter. A config error in a field that `configFile` set
 * names that file (what the user wrote), not the run.json t2sql wrote from it and the flags.
 */
export function describeNotTrained(r: Exclude<TrainAdapterResult, { kind: 'trained' | 'planned' }>, configFile?: RunConfigFile): string {
  if (r.kind === 'no-metadata') return `the trainer reported success but its metadata ${r.metadataFile} is missing or not JSON; not registered (log: ${r.logFile})`;
  if (r.kind === 'hash-mismatch') return `the trainer reported adapter hash ${r.reported.slice(0, 12)} but ${r.adapterDir} hashes to ${r.actual.slice(0, 12)}; not registered (log: ${r.logFile})`;
  const o = r.outcome;
  if (o.kind === 'stopped') return `stopped${o.step !== null ? ` at step ${o.step}` : ''}${o.checkpoint ? `; checkpoint ${o.checkpoint}` : ''}: run the same command again to resume (log: ${r.logFile})`;
  if (o.kind === 'failed') {
    const e = o.error;
    if (e.kind === 'checkpoint_mismatch') return `${r.outputDir} holds checkpoints of a run with other settings: give this one another --name, or delete that folder to start over (log: ${r.logFile})`;
    const file = e.file && configFile && e.field && setIn(configFile.fields, e.field) ? configFile.file : e.file;
    const fits = e.suggestions.length ? `; would fit: ${e.suggestions.join('; ')}` : '';
    return `trainer failed (${e.kind}): ${file ? `${file}: ` : ''}${e.message}${fits} (log: ${r.logFile})`;
  }
  const how = o.signal ? `was killed by ${o.signal}` : `exited with code ${o.exitCode}`;
  return `the trainer ${how} without reporting why${o.lastLine ? `: ${o.lastLine}` : ''}${o.checkpoints.length ? `; last checkpoint at step ${o.checkpoints.at(-1)!.step}, run again to resume` : ''} (log: ${r.logFile})`;
}

/** Whether `fields` sets the dotted `field` (`lora.r`). */
function setIn(fields: Readonly<Record<string, unknown>>, field: string): boolean {
  let at: unknown = fields;
  for (const key of field.split('.')) {
    if (typeof at !== 'object' || at === null || !(key in at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return true;
}
