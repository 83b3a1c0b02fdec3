import fs from 'node:fs';
import path from 'node:path';
import type { GoldExample } from '../data/goldFile.ts';
import { InputError } from '../data/InputError.ts';
import { readPredictionFile } from '../data/predictionFile.ts';
import { t2sqlVersion } from '../version.ts';
import { RunConflictError } from './RunConflictError.ts';
import type { RunRecord, RunStore } from './RunStore.ts';

/**
 * Stores a prediction file (lines or JSONL) as a finished run, with where it came from: the
 * path and the SOURCE.json beside it (repository, commit, model…) when there is one. The file
 * is checked against the gold it answers as `t2sql eval` checks it: one prediction per example
 * (or per example up to `limit`), db_id suffixes matching; anything else is an InputError
 * naming the file and the counts, never a "finished" run of the wrong size.
 */
export function importPredictionFile(
  store: RunStore,
  file: string,
  run: { readonly experiment: string; readonly name: string; readonly limit?: number | undefined; readonly gold: readonly GoldExample[] },
): RunRecord {
  const predictions = readPredictionFile(file, { gold: run.gold, ...(run.limit ? { limit: run.limit } : {}) });
  try {
    return store.importPredictions({ experiment: run.experiment, name: run.name, predictions, source: { file, ...sourceJson(file) }, codeVersion: t2sqlVersion() });
  } catch (err) {
    if (err instanceof RunConflictError) throw new InputError(err.message, { file });
    throw err;
  }
}

/** The SOURCE.json next to a published prediction file, if any. */
function sourceJson(file: string): Record<string, unknown> {
  const candidate = path.join(path.dirname(file), 'SOURCE.json');
  try {
    return { source: JSON.parse(fs.readFileSync(candidate, 'utf8')) as unknown };
  } catch {
    return {};
  }
}
