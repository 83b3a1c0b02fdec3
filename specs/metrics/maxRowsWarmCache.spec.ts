// --max-rows (and the byte cap, and the time limit) give the same verdict with a cold and a
// warm gold cache: a gold result kept on disk by a run with looser limits is held to this
// run's limits, exactly as the query process holds a fresh one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateExecution } from '../../src/metrics/evaluateExecution.ts';
import type { ExecutionEnv } from '../../src/metrics/ExecutionEnv.ts';
import type { ExecLimits } from '../../src/sql/ExecOutcome.ts';
import { FileGoldCache } from '../../src/sql/FileGoldCache.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';

let tmp: string;
let db: string;
let pool: SqlitePool;

const slow = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000) SELECT count(*) FROM c';
const examples = [
  // 10 rows: over a 5-row limit.
  { index: 0, dbId: 'tiny', gold: 'SELECT x FROM t', pred: 'SELECT x FROM t' },
  // 5 rows: exactly at the limit.
  { index: 1, dbId: 'tiny', gold: 'SELECT x FROM t WHERE x <= 5', pred: 'SELECT x FROM t WHERE x < 6' },
  // Long text: over a small byte cap, whatever the row count.
  { index: 2, dbId: 'tiny', gold: 'SELECT s FROM t WHERE x = 1', pred: 'SELECT s FROM t WHERE x = 1' },
  // About a second of work (more under load): over a 0.2 s limit.
  { index: 3, dbId: 'tiny', gold: slow, pred: slow },
];

/** Scores the examples with a fresh cache object on `dir`, under `limits`; returns the verdicts. */
async function score(dir: string, limits: Partial<ExecLimits>) {
  const cache = new FileGoldCache(dir);
  const env: ExecutionEnv = { executor: pool, databases: () => [db], goldCache: cache, limits };
  try {
    const run = await evaluateExecution(examples, env, { compareCompat: false });
    return { verdicts: run.verdicts.map(({ ms, ...v }) => v), hits: cache.hits };
  } finally {
    cache.flush();
  }
}

describe('limits with a cold and a warm gold cache', () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-maxrows-'));
    db = path.join(tmp, 'tiny.sqlite');
    const d = new Database(db);
    d.exec("CREATE TABLE t (x INTEGER, s TEXT); WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 10) INSERT INTO t SELECT v, printf('%.*c', 500, 'a') FROM n");
    d.close();
    pool = new SqlitePool({ size: 1 });
  });
  afterAll(async () => {
    await pool?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('gives the same reasons and messages cold and warm', async () => {
    const tight = { maxRows: 5, maxBytes: 600, timeoutMs: 200 };
    const cold = await score(path.join(tmp, 'cold'), tight);
    expect(cold.hits).toBe(0);
    expect(cold.verdicts).toEqual([
      { index: 0, dbId: 'tiny', correct: false, reason: 'gold_error', message: 'more than 5 rows', database: 'tiny.sqlite' },
      { index: 1, dbId: 'tiny', correct: true, reason: 'match' },
      { index: 2, dbId: 'tiny', correct: false, reason: 'gold_error', message: 'result over 600 bytes', database: 'tiny.sqlite' },
      { index: 3, dbId: 'tiny', correct: false, reason: 'gold_error', message: 'timed out after 0.2 s', database: 'tiny.sqlite' },
    ]);
    // A run with the default limits fills the cache; the tight run then reads every gold from it.
    const warmDir = path.join(tmp, 'warm');
    const loose = await score(warmDir, {});
    expect(loose.verdicts.map((v) => v.reason)).toEqual(['match', 'match', 'match', 'match']);
    const warm = await score(warmDir, tight);
    expect(warm.hits).toBe(4);
    expect(warm.verdicts).toEqual(cold.verdicts);
  });
});
