// SQL text with a NUL character: Python's sqlite3 refuses it before SQLite sees it ("the
// query contains a null character"), so the official evaluator scores such a prediction wrong
// and fails on such a gold; SQLite alone would run the part before the NUL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionEnv } from '../../src/metrics/ExecutionEnv.ts';
import { scoreExecution } from '../../src/metrics/scoreExecution.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';

let tmp: string;
let pool: SqlitePool;
let env: ExecutionEnv;

describe('SQL text with a NUL character', () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-nul-'));
    const db = path.join(tmp, 'tiny.sqlite');
    const d = new Database(db);
    d.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)');
    d.close();
    pool = new SqlitePool({ size: 1 });
    env = { executor: pool, databases: () => [db] };
  });
  afterAll(async () => {
    await pool.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const example = (gold: string, pred: string) => ({ index: 0, dbId: 'tiny', gold, pred });

  it('is refused by the executor with Python\'s message, wherever the NUL is', async () => {
    const db = env.databases('tiny')[0]!;
    for (const sql of ['SELECT count(*) FROM t\u0000 garbage', 'SELECT count(*) FROM t;\u0000', '\u0000SELECT 1']) {
      expect(await pool.execute(db, sql), JSON.stringify(sql)).toMatchObject({ kind: 'error', message: 'the query contains a null character' });
    }
    expect(await pool.execute(db, 'SELECT count(*) FROM t')).toMatchObject({ kind: 'rows', rows: [[3n]] });
  });

  it('scores a prediction with a NUL as pred_error, though the part before it matches', async () => {
    for (const compat of ['official', 'strict'] as const) {
      const v = await scoreExecution(example('SELECT count(*) FROM t', 'SELECT count(*) FROM t\u0000 trailing text'), env, { compat });
      expect(v, compat).toMatchObject({ correct: false, reason: 'pred_error', message: 'the query contains a null character' });
    }
  });

  it('scores a gold with a NUL as gold_error', async () => {
    const v = await scoreExecution(example('SELECT count(*) FROM t\u0000', 'SELECT count(*) FROM t'), env);
    expect(v).toMatchObject({ correct: false, reason: 'gold_error', message: 'the query contains a null character' });
  });
});
