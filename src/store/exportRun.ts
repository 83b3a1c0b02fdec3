import fs from 'node:fs';
import path from 'node:path';
import { writePredictionFile } from '../data/predictionFile.ts';
import { prepareOutDir, type PreparedOutDir } from '../data/prepareOutDir.ts';
import type { RunRecord, RunStore } from './RunStore.ts';

export interface ExportRunOptions {
  /** Which sample of each example (default 0). */
  readonly sample?: number;
  /**
   * Write even when some examples have no completion (failed requests, or not generated yet):
   * they become empty lines, which eval scores as wrong. Off by default: a failed request is
   * not the model's answer.
   */
  readonly allowIncomplete?: boolean;
}

/** Examples of a run without a completion, by why. */
export interface MissingCompletions {
  /** The request failed (recorded; generating again retries it). */
  readonly failed: readonly number[];
  /** Never settled (the run was interrupted, or is still being generated). */
  readonly absent: readonly number[];
}

export type ExportResult =
  | { readonly kind: 'written'; readonly predFile: string; readonly predictions: number; readonly missing: MissingCompletions }
  | { readonly kind: 'incomplete'; readonly predFile: string; readonly n: number; readonly missing: MissingCompletions };

/** What exportRun writes inside its folder. */
const EXPORT_FILES = ['pred.sql', 'run.json'] as const;

/**
 * Makes sure exportRun can write in `dir` (data/prepareOutDir). `t2sql generate` checks its
 * `--out` folders here (and discards what was made) before any request, so a path that cannot
 * be written is refused before completions are paid for, not after.
 */
export function prepareExportDir(dir: string): PreparedOutDir {
  return prepareOutDir(dir, EXPORT_FILES);
}

/**
 * Writes DIR/pred.sql (one SQL per line in split order, what `t2sql eval --pred` reads; '' where
 * the model gave no SQL) and DIR/run.json (settings, counts, missing examples). A run with
 * examples lacking a completion is not written unless `allowIncomplete` (then they are '' and
 * listed in run.json). A `dir` that cannot take them is an InputError (prepareExportDir).
 */
export function exportRun(store: RunStore, run: RunRecord, dir: string, options: ExportRunOptions = {}): ExportResult {
  const sample = options.sample ?? 0;
  const predFile = path.join(dir, EXPORT_FILES[0]);
  const settled = new Map(store.outcomes(run.id).filter((o) => o.sample === sample).map((o) => [o.index, o.kind]));
  const failed: number[] = [];
  const absent: number[] = [];
  for (let i = 0; i < run.n; i++) {
    const kind = settled.get(i);
    if (kind === 'failure') failed.push(i);
    else if (kind === undefined) absent.push(i);
  }
  const missing = { failed, absent };
  if (failed.length + absent.length > 0 && !options.allowIncomplete) return { kind: 'incomplete', predFile, n: run.n, missing };
  prepareExportDir(dir);
  const predictions = store.predictions(run.id, { sample });
  writePredictionFile(predFile, predictions.map((p) => p.sql));
  const summary = store.listRuns({ experiment: run.experiment }).find((r) => r.id === run.id);
  fs.writeFileSync(path.join(dir, EXPORT_FILES[1]), JSON.stringify({ store: store.file, sample, ...summary, missing }, null, 2) + '\n');
  return { kind: 'written', predFile, predictions: predictions.length, missing };
}

/** "3 of 40 examples have no completion (2 failed requests, 1 not generated)". */
export function describeMissing(missing: MissingCompletions, n: number): string {
  const parts = [missing.failed.length > 0 ? `${missing.failed.length} failed request(s)` : '', missing.absent.length > 0 ? `${missing.absent.length} not generated` : ''].filter(Boolean);
  return `${missing.failed.length + missing.absent.length} of ${n} examples have no completion (${parts.join(', ')})`;
}

/** What `--out` did, for stderr: what was written, or why nothing was and what to do. */
export function describeExport(r: ExportResult, shown: string): string {
  const missing = r.missing.failed.length + r.missing.absent.length;
  if (r.kind === 'incomplete') {
    return `not writing ${shown}: ${describeMissing(r.missing, r.n)}; generate them (t2sql generate again, without a smaller --limit), or give --allow-incomplete to write them as empty lines`;
  }
  return `wrote ${shown} (${r.predictions} predictions${missing > 0 ? `; ${describeMissing(r.missing, r.predictions)}: written as empty lines` : ''}) and run.json`;
}
