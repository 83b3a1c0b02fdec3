import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonErrorOffset } from '../../src/data/_internals/jsonErrorOffset.ts';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { testSuiteFiles } from '../../src/data/spiderDatabases.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { evaluateExecution } from '../../src/metrics/evaluateExecution.ts';
import type { ExecutionEnv } from '../../src/metrics/ExecutionEnv.ts';
import { scoreExecution } from '../../src/metrics/scoreExecution.ts';
import { FileGoldCache } from '../../src/sql/FileGoldCache.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { memoryGoldCache } from '../support/memoryGoldCache.ts';
import { fcParams } from '../support/fastCheck.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const shared = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);

describe('scoreExecution on real databases', () => {
  requireData([shared.database('concert_singer')], fetchData.spider);
  let pool: SqlitePool;
  let tmp: string;
  let env: ExecutionEnv;
  beforeAll(() => {
    pool = new SqlitePool({ size: 2 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-score-'));
    // A data root whose concert_singer has a test suite of two databases: the real one and a
    // variant where one singer is from another country.
    const suite = spiderPaths(tmp);
    fs.mkdirSync(suite.databaseFolder('concert_singer'), { recursive: true });
    fs.copyFileSync(shared.database('concert_singer'), suite.database('concert_singer'));
    const variant = path.join(suite.databaseFolder('concert_singer'), 'concert_singer_v1.sqlite');
    fs.copyFileSync(shared.database('concert_singer'), variant);
    const db = new Database(variant);
    db.exec("UPDATE singer SET Country = 'Canada' WHERE Name = 'Joe Sharp'");
    db.close();
    env = { executor: pool, databases: (dbId) => testSuiteFiles(suite, dbId) };
  });
  afterAll(async () => {
    await pool.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const example = (gold: string, pred: string) => ({ index: 0, dbId: 'concert_singer', gold, pred });

  it('lists the test suite main file first', () => {
    expect(env.databases('concert_singer').map((f) => path.basename(f))).toEqual(['concert_singer.sqlite', 'concert_singer_v1.sqlite']);
  });

  it('accepts a prediction only if it matches on every database of the suite', async () => {
    const gold = "SELECT name FROM singer WHERE country = 'Netherlands'";
    // On the original database both return the same singers; on the variant they differ.
    const lucky = "SELECT name FROM singer WHERE country = 'Netherlands' OR name = 'Joe Sharp'";
    const onlyOriginal = await scoreExecution(example(gold, lucky), { ...env, databases: (id) => env.databases(id).slice(0, 1) });
    expect(onlyOriginal).toMatchObject({ correct: true, reason: 'match' });
    const suite = await scoreExecution(example(gold, lucky), env);
    expect(suite).toMatchObject({ correct: false, reason: 'mismatch', database: 'concert_singer_v1.sqlite' });
    expect(await scoreExecution(example(gold, 'SELECT name FROM singer WHERE country = "Netherlands"'), env)).toMatchObject({ correct: true });
  });

  it('scores an empty prediction as wrong without running it', async () => {
    expect(await scoreExecution(example('SELECT 1', '   '), env)).toMatchObject({ correct: false, reason: 'pred_error', message: 'empty prediction', ms: 0 });
  });

  it('reports a failing gold query as gold_error, not a crash', async () => {
    const v = await scoreExecution(example('SELECT nope FROM singer', 'SELECT 1'), env);
    expect(v).toMatchObject({ correct: false, reason: 'gold_error', message: 'no such column: nope' });
  });

  it('reports prediction errors with the SQLite message', async () => {
    expect(await scoreExecution(example('SELECT 1', 'SELEC 1'), env)).toMatchObject({ reason: 'pred_error', message: 'near "SELEC": syntax error' });
  });

  it('turns an overrunning prediction into a timeout verdict', async () => {
    const v = await scoreExecution(
      example('SELECT count(*) FROM singer', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c'),
      { ...env, limits: { timeoutMs: 1000 } },
    );
    expect(v).toMatchObject({ correct: false, reason: 'timeout' });
  });

  it('removes DISTINCT unless asked to keep it (official default)', async () => {
    const gold = 'SELECT country FROM singer';
    const pred = 'SELECT DISTINCT country FROM singer';
    expect(await scoreExecution(example(gold, pred), env)).toMatchObject({ correct: true });
    expect(await scoreExecution(example(gold, pred), env, { keepDistinct: true })).toMatchObject({ correct: false, reason: 'mismatch' });
  });

  it('applies the "value" rewrite and subquery order rule only in official mode, and reports the difference', async () => {
    // The official driver turns 'value' into '1' in the prediction: a different literal.
    const gold = "SELECT count(*) FROM singer WHERE name = '1'";
    const pred = "SELECT count(*) FROM singer WHERE name = 'value'";
    const examples = [
      { index: 0, dbId: 'concert_singer', gold, pred: "SELECT count(*) FROM singer WHERE name = 'x' AND 0" },
      { index: 1, dbId: 'concert_singer', gold: 'SELECT name FROM singer WHERE age > 30', pred: 'SELECT name FROM singer WHERE age > 30 ORDER BY name' },
      // The gold's only ORDER BY is inside a subquery: official compares row order, strict does not.
      {
        index: 2,
        dbId: 'concert_singer',
        gold: 'SELECT name FROM singer WHERE age > (SELECT age FROM singer ORDER BY age LIMIT 1)',
        pred: 'SELECT name FROM singer WHERE age > (SELECT min(age) FROM singer) ORDER BY name DESC',
      },
    ];
    const official = await evaluateExecution(examples, env);
    expect(official.verdicts.map((v) => v.correct)).toEqual([true, true, false]);
    expect(official.compatDiffs!.map((d) => d.index)).toEqual([2]);
    const strict = await evaluateExecution(examples, env, { compat: 'strict' });
    expect(strict.verdicts.map((v) => v.correct)).toEqual([true, true, true]);
    // The rewrite itself: both count 0 rows in official mode (name = '1'), so they match.
    expect(await scoreExecution(example(gold, pred), env)).toMatchObject({ correct: true });
    expect(await scoreExecution(example("SELECT name FROM singer WHERE name = 'Joe Sharp'", "SELECT name FROM singer WHERE 'value' = 'value' AND name = 'Joe Sharp'"), env, { compat: 'strict' })).toMatchObject({ correct: true });
  });

  it('reuses cached gold results, on disk between runs', async () => {
    const dir = path.join(tmp, 'cache');
    const examples = [0, 1, 2].map((i) => ({ index: i, dbId: 'concert_singer', gold: `SELECT count(*) + ${i} FROM singer`, pred: `SELECT ${6 + i}` }));
    const first = new FileGoldCache(dir);
    const a = await evaluateExecution(examples, { ...env, goldCache: first }, { compareCompat: false });
    first.flush();
    expect(first.hits).toBe(0);
    const second = new FileGoldCache(dir);
    const b = await evaluateExecution(examples, { ...env, goldCache: second }, { compareCompat: false });
    expect(second.hits).toBe(6); // 3 examples × 2 databases
    expect(second.misses).toBe(0);
    expect(b.verdicts.map((v) => v.correct)).toEqual(a.verdicts.map((v) => v.correct));
    expect(a.verdicts.every((v) => v.correct)).toBe(true);
  });

  it('memory cache: a gold query runs once however many predictions are scored', async () => {
    const cache = memoryGoldCache();
    const examples = Array.from({ length: 5 }, (_, i) => ({ index: i, dbId: 'concert_singer', gold: 'SELECT max(age) FROM singer', pred: `SELECT ${50 + i}` }));
    const r = await evaluateExecution(examples, { ...env, goldCache: cache }, { concurrency: 1, compareCompat: false });
    expect(r.verdicts.map((v) => v.correct)).toEqual([false, false, true, false, false]);
    // Each example is sent once for its whole suite, with every gold the cache holds: the first
    // finds none; wrong predictions stop at the first database, so the variant's gold runs (and
    // comes back to the cache) only with the correct third: 0 + 1 + 1 + 2 + 2 hits.
    expect(cache.hits).toBe(6);
  });
});

describe('JSON error offsets', () => {
  it('finds no error in valid JSON and the first bad character otherwise', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, cut) => {
        const text = JSON.stringify(value, null, 1);
        expect(jsonErrorOffset(text)).toBe(-1);
        const broken = text.slice(0, cut % (text.length + 1)) + '}';
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(broken) === -1).toBe(valid);
      }),
      fcParams(300),
    );
  });
});
