import fs from 'node:fs';
import type { Prediction } from '../data/predictionFile.ts';
import { openRunStore } from './openRunStore.ts';
import { runStoreFile } from './runStorePath.ts';

export interface LoadRunPredictionsOptions {
  readonly experiment: string;
  readonly run: string;
  /** Which sample of each example (default 0). */
  readonly sample?: number;
}

/**
 * A finished run's predictions in index order (failed or SQL-less examples as ''), read-only.
 * null when the store, the run, or its completion is missing: a claim on it should skip and say
 * how to produce it. `storePath` is a T2SQL_HOME folder or the store file.
 */
export function loadRunPredictions(storePath: string, options: LoadRunPredictionsOptions): Prediction[] | null {
  const file = runStoreFile(storePath);
  if (!fs.existsSync(file)) return null;
  const store = openRunStore(file, { readonly: true });
  try {
    const run = store.findRun(options.experiment, options.run);
    if (!run || run.finishedAt === null) return null;
    return store.predictions(run.id, { sample: options.sample ?? 0 });
  } finally {
    store.close();
  }
}
