import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { publishedSetPaths } from '../../src/data/spiderPaths.ts';
import { readPredictionFile, writePredictionFile } from '../../src/data/predictionFile.ts';
import { decodingSettings } from '../../src/generate/DecodingSettings.ts';
import type { LedgerEntry } from '../../src/generate/GenerationLedger.ts';
import type { RunConfig } from '../../src/generate/RunConfig.ts';
import { loadRunPredictions } from '../../src/store/loadRunPredictions.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { RunConflictError } from '../../src/store/RunConflictError.ts';
import { runStoreFile } from '../../src/store/runStorePath.ts';
import { testRunConfig } from '../support/testRunConfig.ts';
import { testCleanups } from '../support/cleanups.ts';

const cleanups = testCleanups();
const tempHome = (): string => cleanups.tempDir('t2sql-store-');
function tempStore(home = tempHome()) {
  const store = openRunStore(runStoreFile(home));
  cleanups.push(() => store.close());
  return store;
}

const config = (name: string, overrides: Partial<RunConfig> = {}): RunConfig =>
  testRunConfig({ experiment: 'qwen-study', name, model: 'Qwen/Qwen2.5-Coder-1.5B', api: 'completions', ...overrides });

const base = { cacheKey: 'v1:k', promptHash: 'p', decoding: decodingSettings() };
const completion = (index: number, text: string, key = `v1:${index}`): LedgerEntry => ({
  ...base,
  cacheKey: key,
  kind: 'completion',
  index,
  sample: 0,
  completion: { text, finishReason: 'stop', promptTokens: 10, completionTokens: 5 },
  extraction: { sql: text },
  attempts: 1,
  latencyMs: 12,
});
const failure = (index: number, key = `v1:${index}`): LedgerEntry => ({
  ...base,
  cacheKey: key,
  kind: 'failure',
  index,
  sample: 0,
  error: { kind: 'http', status: 500, message: 'boom', retryAfterMs: null },
  attempts: 3,
  latencyMs: 5,
});

describe('run store', () => {
  test('predictions of an interrupted run keep their places: a gap is an empty line, never a shift', () => {
    const store = tempStore();
    const { run } = store.beginRun(config('gappy'), { n: 6, codeVersion: '0.1.0' });
    const ledger = store.ledger(run.id);
    for (const i of [0, 1, 2, 4, 5]) ledger.record(completion(i, `SELECT ${i}`));
    expect(store.predictions(run.id).map((p) => p.sql)).toEqual(['SELECT 0', 'SELECT 1', 'SELECT 2', '', 'SELECT 4', 'SELECT 5']);
  });

  test('a run is marked finished only when every example has a completion (failures leave it unfinished)', () => {
    const store = tempStore();
    const { run } = store.beginRun(config('partial'), { n: 4, codeVersion: '0.1.0' });
    const ledger = store.ledger(run.id);
    ledger.record(completion(0, 'SELECT 0'));
    ledger.record(completion(1, 'SELECT 1'));
    ledger.markFinished(); // as a resume with --limit 2 would
    expect(store.findRun('qwen-study', 'partial')!.finishedAt).toBeNull();
    ledger.record(completion(2, 'SELECT 2'));
    ledger.record(failure(3));
    ledger.markFinished();
    expect(store.findRun('qwen-study', 'partial')!.finishedAt).toBeNull();
    expect(store.listRuns()[0]).toMatchObject({ status: 'failures', completed: 3, failed: 1 });
    ledger.record(completion(3, 'SELECT 3'));
    ledger.markFinished();
    expect(store.findRun('qwen-study', 'partial')!.finishedAt).not.toBeNull();
    expect(store.listRuns()[0]).toMatchObject({ status: 'finished', completed: 4, failed: 0 });
  });

  test('a run resumes under the same settings and refuses different ones', () => {
    const store = tempStore();
    const first = store.beginRun(config('a'), { n: 10, codeVersion: '0.1.0' });
    expect(first.resumed).toBe(false);
    // A grown --limit widens it.
    const again = store.beginRun(config('a'), { n: 20, codeVersion: '0.1.0' });
    expect(again).toMatchObject({ resumed: true, endpointChange: null, run: { id: first.run.id, n: 20, finishedAt: null } });
    expect(() => store.beginRun(config('a', { prompt: { schema: 'ddl', shots: 0, options: {} } }), { n: 10, codeVersion: '0.1.0' })).toThrow(RunConflictError);
    expect(() => store.beginRun(config('a', { prompt: { schema: 'ddl', shots: 0, options: {} } }), { n: 10, codeVersion: '0.1.0' })).toThrow(/prompt differ/);
    expect(store.findRun('qwen-study', 'a')!.origin).toEqual({ kind: 'generated', config: config('a') });
  });

  test('the ledger: failures are replaced by completions, completions never replaced, errors never served as cache', () => {
    const store = tempStore();
    const { run } = store.beginRun(config('a'), { n: 3, codeVersion: 'x' });
    const ledger = store.ledger(run.id);
    ledger.record(failure(0));
    expect(ledger.isCompleted(0, 0)).toBe(false);
    expect(ledger.lookup('v1:0')).toBeUndefined();
    ledger.record(completion(0, 'SELECT 1'));
    ledger.record(completion(0, 'SELECT 2'));
    ledger.record(failure(0));
    expect(ledger.isCompleted(0, 0)).toBe(true);
    expect(store.outcomes(run.id)).toHaveLength(1);
    expect(store.predictions(run.id)).toEqual([{ index: 0, sql: 'SELECT 1' }, { index: 1, sql: '' }, { index: 2, sql: '' }]);
    const hit = ledger.lookup('v1:0')!;
    expect(hit.completion.text).toBe('SELECT 1');

    // A replay in another run points at the original and carries no latency or cost.
    const other = store.beginRun(config('b'), { n: 1, codeVersion: 'x' }).run;
    const otherLedger = store.ledger(other.id);
    otherLedger.record({ ...base, cacheKey: 'v1:0', kind: 'cached', index: 0, sample: 0, from: hit, extraction: { sql: null, reason: 'none' } });
    expect(otherLedger.lookup('v1:0')!.id).toBe(hit.id);
    const [replayed] = store.outcomes(other.id);
    expect(replayed).toMatchObject({ kind: 'completion', cachedFrom: hit.id, latencyMs: null, sql: null, extractError: 'none', attempts: 0 });
    otherLedger.markFinished();
    const [a, b] = store.listRuns();
    expect(a).toMatchObject({ name: 'a', completed: 1, failed: 0, cached: 0, meanLatencyMs: 12, tokens: { prompt: 10, completion: 5 }, finishedAt: null });
    expect(b).toMatchObject({ name: 'b', completed: 1, cached: 1, noSql: 1, meanLatencyMs: null, tokens: { prompt: 0, completion: 0 } });
    expect(b!.finishedAt).not.toBeNull();

    // Deleting the original run keeps the replay's text (and the cache) alive.
    store.deleteRun(run.id);
    expect(store.findRun('qwen-study', 'a')).toBeNull();
    expect(store.outcomes(other.id)[0]).toMatchObject({ cachedFrom: null, completion: { text: 'SELECT 1' } });
    expect(otherLedger.lookup('v1:0')!.completion.text).toBe('SELECT 1');
  });

  test('a published prediction file imports as a run and exports back unchanged', () => {
    const root = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: path.join(import.meta.dirname, '../..') });
    const file = publishedSetPaths(root.dir, 'codes-1b-sft').pred;
    const predictions = readPredictionFile(file);
    expect(predictions).toHaveLength(1034);
    const home = tempHome();
    const store = tempStore(home);
    const source = { path: 'predictions/codes-1b-sft/pred.sql', repo: 'RUCKBReasoning/codes' };
    const run = store.importPredictions({ experiment: 'published', name: 'codes-1b-sft', predictions, source, codeVersion: 'x' });
    expect(run.origin).toEqual({ kind: 'imported', source });
    expect(run.n).toBe(1034);
    // Importing the same file again is a no-op; different predictions under the name are refused.
    expect(store.importPredictions({ experiment: 'published', name: 'codes-1b-sft', predictions, source, codeVersion: 'x' }).id).toBe(run.id);
    expect(() => store.importPredictions({ experiment: 'published', name: 'codes-1b-sft', predictions: predictions.slice(1), source, codeVersion: 'x' })).toThrow(RunConflictError);
    expect(() => store.beginRun(config('codes-1b-sft', { experiment: 'published' }), { n: 1, codeVersion: 'x' })).toThrow(/imported/);

    const loaded = loadRunPredictions(home, { experiment: 'published', run: 'codes-1b-sft' });
    expect(loaded).toEqual(predictions);
    const out = path.join(home, 'export', 'pred.sql');
    writePredictionFile(out, loaded!.map((p) => p.sql));
    expect(readPredictionFile(out)).toEqual(predictions);
    // Imported rows never serve as cache entries.
    expect(store.listRuns()[0]).toMatchObject({ completed: 1034, cached: 0 });
  });

  test('loadRunPredictions: null for a missing store, a missing run or an unfinished run', () => {
    const home = tempHome();
    expect(loadRunPredictions(home, { experiment: 'e', run: 'r' })).toBeNull();
    const store = tempStore(home);
    const { run } = store.beginRun(config('partial'), { n: 2, codeVersion: 'x' });
    const ledger = store.ledger(run.id);
    ledger.record(completion(1, 'SELECT b'));
    expect(loadRunPredictions(home, { experiment: 'qwen-study', run: 'nope' })).toBeNull();
    expect(loadRunPredictions(home, { experiment: 'qwen-study', run: 'partial' })).toBeNull();
    ledger.record(failure(0));
    ledger.markFinished();
    // A failed request is not the model's answer: a run with failures is not served as predictions.
    expect(loadRunPredictions(home, { experiment: 'qwen-study', run: 'partial' })).toBeNull();
    ledger.record(completion(0, ''));
    ledger.markFinished();
    expect(loadRunPredictions(runStoreFile(home), { experiment: 'qwen-study', run: 'partial' })).toEqual([
      { index: 0, sql: '' },
      { index: 1, sql: 'SELECT b' },
    ]);
  });

  test('scores are stored per example and metric, and re-recording overwrites', () => {
    const store = tempStore();
    const { run } = store.beginRun(config('a'), { n: 2, codeVersion: 'x' });
    store.recordScores(run.id, 'ex', [
      { index: 0, sample: 0, value: 1 },
      { index: 1, sample: 0, value: 0 },
    ]);
    store.recordScores(run.id, 'ex', [{ index: 1, sample: 0, value: 1 }]);
    store.recordScores(run.id, 'em', [{ index: 0, sample: 0, value: 0 }]);
    expect(store.scores(run.id, 'ex').map((s) => s.value)).toEqual([1, 1]);
    expect(store.scores(run.id, 'em')).toEqual([{ index: 0, sample: 0, value: 0 }]);
  });

  test('the store file sits in the T2SQL_HOME folder unless a file is named', () => {
    expect(runStoreFile('/abs/home')).toBe('/abs/home/runs.sqlite');
    expect(runStoreFile(os.tmpdir())).toBe(path.join(os.tmpdir(), 'runs.sqlite'));
    expect(runStoreFile('/abs/home/custom.sqlite')).toBe('/abs/home/custom.sqlite');
  });

  test('a store from a newer t2sql is refused rather than misread', () => {
    const home = tempHome();
    openRunStore(runStoreFile(home)).close();
    const db = new Database(runStoreFile(home));
    db.pragma('user_version = 99');
    db.close();
    expect(() => openRunStore(runStoreFile(home))).toThrow(/newer/);
  });
});
