// The run-verdict cache of evaluateRunsCached, on a small Spider-layout data root of real
// files: each input that decides a verdict invalidates it, and a run with infrastructure
// failures (a pool whose processes cannot start) is never kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { homeLayout } from '../../src/data/homeLayout.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { evaluateRunsCached, type EvaluateRunsOptions, type RunSource } from '../../src/evaluate/evaluateRunsCached.ts';
import { ExecutionUnavailableError } from '../../src/metrics/ExecutionUnavailableError.ts';

const hook = fileURLToPath(new URL('../../fixtures/sql/faultyWorkerHook.mjs', import.meta.url));
const savedOptions = process.env.NODE_OPTIONS;
const dirs: string[] = [];

/** A data root with one database `tiny` (t: x = 1, 2, 3), a two-line dev gold and a prediction file. */
function dataRoot(): { root: string; home: string; preds: string; db: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-runs-'));
  dirs.push(root);
  const paths = spiderPaths(root);
  fs.mkdirSync(paths.databaseFolder('tiny'), { recursive: true });
  const db = paths.database('tiny');
  const d = new Database(db);
  d.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)');
  d.close();
  const tables = [
    {
      db_id: 'tiny',
      table_names_original: ['t'],
      table_names: ['t'],
      column_names_original: [[-1, '*'], [0, 'x']],
      column_names: [[-1, '*'], [0, 'x']],
      column_types: ['text', 'number'],
      primary_keys: [],
      foreign_keys: [],
    },
  ];
  fs.writeFileSync(paths.tables, JSON.stringify(tables));
  fs.writeFileSync(paths.devGold, 'SELECT count(*) FROM t\ttiny\nSELECT x FROM t WHERE x > 1\ttiny\n');
  const preds = path.join(root, 'preds.sql');
  fs.writeFileSync(preds, 'SELECT count(*) FROM t\nSELECT x FROM t WHERE x > 2\n');
  return { root, home: path.join(root, 'home'), preds, db };
}

/** Runs one prediction file; returns its reasons and whether they came from the cache. */
async function evaluate(root: string, home: string, preds: string, extra: Partial<EvaluateRunsOptions> = {}) {
  const source: RunSource = { kind: 'file', name: 'sys', label: 'sys', file: preds };
  let cached: boolean | null = null;
  const runs = await evaluateRunsCached([source], { dataRoot: root, home, ...extra, onProgress: (e) => (cached = e.cached) });
  return { reasons: runs.get('sys')!.reasons, cached };
}

const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

describe('evaluateRunsCached: what invalidates a cached run', () => {
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reuses a run only while the predictions, gold, databases and compat mode are unchanged', async () => {
    const { root, home, preds, db } = dataRoot();
    expect(await evaluate(root, home, preds)).toEqual({ reasons: ['match', 'mismatch'], cached: false });
    expect(await evaluate(root, home, preds)).toEqual({ reasons: ['match', 'mismatch'], cached: true });

    // A changed prediction file.
    fs.writeFileSync(preds, 'SELECT count(*) FROM t\nSELECT x FROM t WHERE x >= 2\n');
    expect(await evaluate(root, home, preds)).toEqual({ reasons: ['match', 'match'], cached: false });
    expect(await evaluate(root, home, preds)).toMatchObject({ cached: true });

    // A changed gold file.
    fs.writeFileSync(spiderPaths(root).devGold, 'SELECT count(*) + 1 FROM t\ttiny\nSELECT x FROM t WHERE x > 1\ttiny\n');
    expect(await evaluate(root, home, preds)).toEqual({ reasons: ['mismatch', 'match'], cached: false });
    expect(await evaluate(root, home, preds)).toMatchObject({ cached: true });

    // A changed database file.
    const d = new Database(db);
    d.exec('INSERT INTO t VALUES (0)');
    d.close();
    expect(await evaluate(root, home, preds)).toEqual({ reasons: ['mismatch', 'match'], cached: false });
    fs.writeFileSync(preds, 'SELECT count(*) + 1 FROM t\nSELECT x FROM t WHERE x > 1\n');
    expect(await evaluate(root, home, preds)).toEqual({ reasons: ['match', 'match'], cached: false });

    // Another compat mode is another run; the first is still there.
    expect(await evaluate(root, home, preds, { compat: 'strict' })).toMatchObject({ cached: false });
    expect(await evaluate(root, home, preds, { compat: 'strict' })).toMatchObject({ cached: true });
    expect(await evaluate(root, home, preds)).toMatchObject({ cached: true });
  });

  describe('with query processes that cannot start', () => {
    beforeEach(() => {
      process.env.NODE_OPTIONS = `${savedOptions ?? ''} --import ${hook}`.trim();
      process.env.T2SQL_TEST_FAULT = 'boot';
    });
    afterEach(() => {
      if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = savedOptions;
      delete process.env.T2SQL_TEST_FAULT;
    });

    it('fails the run, keeps neither its verdicts nor its gold outcomes, and scores it once processes start', async () => {
      const { root, home, preds } = dataRoot();
      const failed = await evaluate(root, home, preds).then(
        () => null,
        (err: unknown) => err,
      );
      expect(failed).toBeInstanceOf(ExecutionUnavailableError);
      expect(failed).toMatchObject({ run: 'sys', n: 2 });
      expect((failed as ExecutionUnavailableError).unavailable).toHaveLength(2);
      expect((failed as Error).message).toBe('sys: 2 of 2 examples could not be scored: a query process died while starting (exit 1)');
      expect(files(homeLayout(home).runVerdictCache)).toEqual([]);
      expect(files(homeLayout(home).goldCache)).toEqual([]);

      delete process.env.T2SQL_TEST_FAULT;
      expect(await evaluate(root, home, preds)).toEqual({ reasons: ['match', 'mismatch'], cached: false });
      expect(await evaluate(root, home, preds)).toEqual({ reasons: ['match', 'mismatch'], cached: true });
      expect(files(homeLayout(home).runVerdictCache)).toHaveLength(1);
    });
  });
});
