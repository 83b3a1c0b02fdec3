import path from 'node:path';
import { sha256File } from '../data/sha256File.ts';
import { t2sqlVersion } from '../version.ts';

/** What produced a result: enough to reproduce it or to see why two numbers differ. */
export interface Provenance {
  readonly tool: 't2sql';
  readonly version: string;
  readonly createdAt: string;
  readonly node: string;
  readonly settings: Readonly<Record<string, string | number | boolean | null>>;
  readonly gold: { readonly path: string; readonly sha256: string };
  readonly predictions: { readonly path: string; readonly sha256: string } | null;
  /** sha256 of every database file used, keyed `<db_id>/<file>`. */
  readonly databases: Readonly<Record<string, string>>;
}

export function buildProvenance(input: {
  settings: Provenance['settings'];
  /** The gold and prediction files with the sha256 of the bytes that were read (read once). */
  gold: Provenance['gold'];
  predictions: Provenance['predictions'];
  databaseFiles: readonly string[];
}): Provenance {
  const databases: Record<string, string> = {};
  for (const file of [...input.databaseFiles].sort()) {
    databases[`${path.basename(path.dirname(file))}/${path.basename(file)}`] = sha256File(file);
  }
  return {
    tool: 't2sql',
    version: t2sqlVersion(),
    createdAt: new Date().toISOString(),
    node: process.version,
    settings: input.settings,
    gold: input.gold,
    predictions: input.predictions,
    databases,
  };
}
