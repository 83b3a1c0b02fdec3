import fs from 'node:fs';
import { beforeAll } from 'vitest';

/**
 * What fetches each kind of real data the specs read, into the data root (`--data DIR`, else
 * $T2SQL_DATA, else ./data, else ../shared). A spec whose data is missing fails with the
 * command: a machine without the data must not report these specs green.
 */
export const fetchData = {
  spider: 'run `npx t2sql data spider`',
  predictions: 'run `npx t2sql data predictions`',
  /** conformance/ (the official evaluator's verdicts) and predictions/MANIFEST.tsv have no
   *  download: they come with the shared data root. */
  shared: 'these files come only with the shared data root (../shared), nothing downloads them: run the specs with T2SQL_DATA set to it',
} as const;

/** Throws, naming every missing file and how to fetch it (a `fetchData` entry), if any is missing. */
export function assertData(files: readonly string[], fetch: string): void {
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: ${fetch}`);
}

/**
 * In a describe block: every test in it fails (none is skipped) when a file is missing, with the
 * message of `assertData`. Put the block's data reads in `beforeAll`s after this one, or guard
 * them with `present`, so that collecting the specs never throws.
 */
export function requireData(files: readonly string[], fetch: string): void {
  beforeAll(() => assertData(files, fetch));
}

/** Whether every file is there (to guard reads at collection time; the tests still fail). */
export function present(files: readonly string[]): boolean {
  return files.every((f) => fs.existsSync(f));
}
