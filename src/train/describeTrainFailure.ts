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

/** One line for a run that produced no adapter. */
export function describeNotTrained(r: Exclude<TrainAdapterResult, { kind: 'trained' | 'planned' }>): string {
  if (r.kind === 'no-metadata') return `the trainer reported success but its metadata ${r.metadataFile} is missing or not JSON; not registered (log: ${r.logFile})`;
  if (r.kind === 'hash-mismatch') return `the trainer reported adapter hash ${r.reported.slice(0, 12)} but ${r.adapterDir} hashes to ${r.actual.slice(0, 12)}; not registered (log: ${r.logFile})`;
  const o = r.outcome;
  if (o.kind === 'stopped') return `stopped${o.step !== null ? ` at step ${o.step}` : ''}${o.checkpoint ? `; checkpoint ${o.checkpoint}` : ''}: run the same command again to resume (log: ${r.logFile})`;
  if (o.kind === 'failed') {
    const fits = o.error.suggestions.length ? `; would fit: ${o.error.suggestions.join('; ')}` : '';
    return `trainer failed (${o.error.kind}): ${o.error.message}${fits} (log: ${r.logFile})`;
  }
  const how = o.signal ? `was killed by ${o.signal}` : `exited with code ${o.exitCode}`;
  return `the trainer ${how} without reporting why${o.lastLine ? `: ${o.lastLine}` : ''}${o.checkpoints.length ? `; last checkpoint at step ${o.checkpoints.at(-1)!.step}, run again to resume` : ''} (log: ${r.logFile})`;
}
