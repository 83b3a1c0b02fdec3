import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { InputError } from '../../src/data/InputError.ts';
import { decodingSettings } from '../../src/generate/DecodingSettings.ts';
import { loadRunPredictions } from '../../src/store/loadRunPredictions.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { RunStoreError } from '../../src/store/RunStoreError.ts';
import { testRunConfig } from '../support/testRunConfig.ts';
import { testCleanups } from '../support/cleanups.ts';

const cleanups = testCleanups();
const tempDir = (): string => cleanups.tempDir('t2sql-corrupt-');

/** A real store with one run of `n` completions, closed and checkpointed into the main file. */
function filledStore(file: string, n = 300): void {
  const store = openRunStore(file);
  const config = testRunConfig({ experiment: 'e', promptVersion: 't' });
  const { run } = store.beginRun(config, { n, codeVersion: 'x' });
  const ledger = store.ledger(run.id);
  for (let i = 0; i < n; i++) {
    ledger.record({ kind: 'completion', index: i, sample: 0, cacheKey: `k${i}`, promptHash: 'p', decoding: decodingSettings(), completion: { text: `SELECT ${'x'.repeat(200)} ${i}`, finishReason: 'stop', promptTokens: 1, completionTokens: 1 }, extraction: { sql: `SELECT ${i}` }, attempts: 1, latencyMs: 1 });
  }
  store.close();
}

/** Opening the store fails with a RunStoreError of this kind, whose one line names the file and a remedy. */
function expectRefused(open: () => unknown, file: string, kind: RunStoreError['problem']['kind'], remedy: RegExp): void {
  let error: unknown;
  try {
    open();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(RunStoreError);
  expect(error).toBeInstanceOf(InputError);
  const e = error as RunStoreError;
  expect(e.problem.kind).toBe(kind);
  expect(e.describe()).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  expect(e.describe()).toMatch(remedy);
  expect(e.describe()).not.toContain('\n');
}

test('a file that is not SQLite is refused in one line naming it (read-write and read-only)', () => {
  const file = path.join(tempDir(), 'runs.sqlite');
  fs.writeFileSync(file, 'experiment,name\nqwen,keys\n'.repeat(200));
  expectRefused(() => openRunStore(file), file, 'not-a-database', /move it aside/);
  expectRefused(() => loadRunPredictions(file, { experiment: 'e', run: 'r' }), file, 'not-a-database', /move it aside/);
  // Nothing was changed in the file we refused.
  expect(fs.readFileSync(file, 'utf8')).toBe('experiment,name\nqwen,keys\n'.repeat(200));
});

test('a truncated store is refused as damaged, in one line naming it', () => {
  const file = path.join(tempDir(), 'runs.sqlite');
  filledStore(file);
  const size = fs.statSync(file).size;
  expect(size).toBeGreaterThan(32_768);
  fs.truncateSync(file, Math.floor(size / 2));
  expectRefused(() => openRunStore(file), file, 'damaged', /restore it from a backup, or move it aside/);
  expectRefused(() => loadRunPredictions(file, { experiment: 'e', run: 'r' }), file, 'damaged', /restore it from a backup/);
});

test('a store of a newer schema is refused, read-write and read-only, and left untouched', () => {
  const file = path.join(tempDir(), 'runs.sqlite');
  filledStore(file, 3);
  const db = new Database(file);
  db.pragma('user_version = 99');
  db.close();
  const before = fs.readFileSync(file);
  expectRefused(() => openRunStore(file), file, 'newer-schema', /schema v99 is newer than this t2sql understands \(v\d+\); upgrade t2sql/);
  expectRefused(() => loadRunPredictions(file, { experiment: 'e', run: 'r' }), file, 'newer-schema', /upgrade t2sql/);
  expect(fs.readFileSync(file).equals(before)).toBe(true);
});

test('a folder where the store file should be is refused as unopenable', () => {
  const dir = tempDir();
  const file = path.join(dir, 'runs.sqlite');
  fs.mkdirSync(file);
  expectRefused(() => openRunStore(file), file, 'cannot-open', /check that the path is a writable file/);
});

test('an older store is migrated in place: a run finished with failures is reopened', () => {
  const file = path.join(tempDir(), 'runs.sqlite');
  filledStore(file, 3);
  // Back to the v1 layout, as t2sql 0.1 left it: the failed run marked finished.
  const db = new Database(file);
  db.exec(`DROP TABLE leases; ALTER TABLE completions DROP COLUMN endpoint;
    UPDATE completions SET error = '{"kind":"timeout","ms":5}', sql = NULL, raw_response = NULL WHERE idx = 1;
    UPDATE runs SET finished_at = '2026-01-01T00:00:00.000Z'; PRAGMA user_version = 1;`);
  db.close();
  const store = openRunStore(file);
  cleanups.push(() => store.close());
  expect(store.listRuns()[0]).toMatchObject({ status: 'failures', finishedAt: null, completed: 2, failed: 1, endpoints: ['http://127.0.0.1:8000/v1'] });
  expect(loadRunPredictions(file, { experiment: 'e', run: 'r' })).toBeNull();
});
