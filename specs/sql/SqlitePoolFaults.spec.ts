// The pool under faults injected into its query processes (fixtures/sql/faultyWorkerHook.mjs,
// loaded through NODE_OPTIONS, so the processes are real and really die).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';

const hook = fileURLToPath(new URL('../../fixtures/sql/faultyWorkerHook.mjs', import.meta.url));
const savedOptions = process.env.NODE_OPTIONS;
let tmp: string;
let good: string;
let crashing: string;

function injectFault(fault: string): void {
  process.env.NODE_OPTIONS = `${savedOptions ?? ''} --import ${hook}`.trim();
  process.env.T2SQL_TEST_FAULT = fault;
}

/** Keeps this thread busy, as scoring a large result would. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* spin */
  }
}

describe('SqlitePool with faulty query processes', () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-faults-'));
    good = path.join(tmp, 'good.sqlite');
    crashing = path.join(tmp, 'crash.sqlite');
    for (const file of [good, crashing]) {
      const db = new Database(file);
      db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)');
      db.close();
    }
  });
  afterEach(() => {
    if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = savedOptions;
    delete process.env.T2SQL_TEST_FAULT;
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('answers every query as unavailable, with the reason, when no process can start, after a few tries', async () => {
    injectFault('boot');
    const pool = new SqlitePool({ size: 2 });
    try {
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.execute(good, `SELECT ${i}`)));
      expect(new Set(outcomes.map((o) => o.kind))).toEqual(new Set(['unavailable']));
      expect(outcomes[0]).toMatchObject({ message: 'a query process died while starting (exit 1)' });
      expect(pool.spawned).toBeLessThanOrEqual(4);
    } finally {
      await pool.close();
    }
  });

  it('charges a death to the query that caused it, not to one that finished just before', async () => {
    injectFault('crash-db');
    const pool = new SqlitePool({ size: 1 });
    try {
      pool.warmUp();
      await pool.execute(good, 'SELECT 1');
      const slow = pool.execute(good, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) FROM c');
      const done = pool.execute(good, 'SELECT count(*) FROM t');
      const killer = pool.execute(crashing, 'SELECT 1');
      // This thread is busy while the process answers `done` and then dies on `killer`, so
      // the answer, the start records and the death all wait to be read together.
      setTimeout(() => busy(300), 10);
      expect(await slow).toMatchObject({ kind: 'rows', rows: [[300000n]] });
      expect(await done).toMatchObject({ kind: 'rows', rows: [[2n]] });
      // Retried once on a fresh process, which it kills too.
      expect(await killer).toMatchObject({ kind: 'crashed', message: 'query process died (SIGKILL)' });
      expect(await pool.execute(good, 'SELECT count(*) FROM t')).toMatchObject({ kind: 'rows', rows: [[2n]] });
      // The first process and one replacement per death of `killer`; charging `done` instead
      // would have cost a third.
      expect(pool.spawned).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('does not time out a query whose answer arrived while this thread was busy past the limit', async () => {
    const pool = new SqlitePool({ size: 1 });
    try {
      await pool.execute(good, 'SELECT 1');
      // About 0.25 s of work (several times that on a loaded machine) with a 1.5 s limit; this
      // thread is busy from 0.1 s to 2.5 s, so the answer is waiting when the limit falls due.
      const query = pool.execute(good, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000) SELECT count(*) FROM c', {
        timeoutMs: 1500,
      });
      // Busy in the check phase (as after reading results), so the next turn of the event loop
      // starts with its timers, before the answer is read.
      setTimeout(() => setImmediate(() => busy(2400)), 100);
      expect(await query).toMatchObject({ kind: 'rows', rows: [[1500000n]] });
      expect(pool.spawned).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
