// Infrastructure failures are data (`unavailable`), never cached and never a verdict on a
// query: a pool whose processes cannot start (fixtures/sql/faultyWorkerHook.mjs makes every
// real query process exit before it is ready) scored together with the gold cache on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { evaluateExecution } from '../../src/metrics/evaluateExecution.ts';
import type { ExecutionEnv, GoldResultCache } from '../../src/metrics/ExecutionEnv.ts';
import { isCacheable, type ExecOutcome, type PairOutcome } from '../../src/sql/ExecOutcome.ts';
import { FileGoldCache } from '../../src/sql/FileGoldCache.ts';
import { ResultMemo } from '../../src/sql/ResultMemo.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { decodeOutcomes, encodeOutcomes } from '../../src/sql/_internals/outcomeJson.ts';

const hook = fileURLToPath(new URL('../../fixtures/sql/faultyWorkerHook.mjs', import.meta.url));
const savedOptions = process.env.NODE_OPTIONS;
let tmp: string;
let db: string;

function injectBootFailure(): void {
  process.env.NODE_OPTIONS = `${savedOptions ?? ''} --import ${hook}`.trim();
  process.env.T2SQL_TEST_FAULT = 'boot';
}

function clearFault(): void {
  if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = savedOptions;
  delete process.env.T2SQL_TEST_FAULT;
}

const examples = [
  { index: 0, dbId: 'tiny', gold: 'SELECT count(*) FROM t', pred: 'SELECT 3' },
  { index: 1, dbId: 'tiny', gold: 'SELECT x FROM t ORDER BY x', pred: 'SELECT x FROM t ORDER BY x' },
  { index: 2, dbId: 'tiny', gold: 'SELECT nope FROM t', pred: 'SELECT 1' },
];

function env(pool: SqlitePool, goldCache: GoldResultCache, resultMemo = new ResultMemo<PairOutcome>()): ExecutionEnv {
  return { executor: pool, databases: () => [db], goldCache, resultMemo };
}

/** Every outcome held in the gold cache's files. */
function cachedOutcomes(dir: string): ExecOutcome[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((f) => [...decodeOutcomes(fs.readFileSync(path.join(dir, f), 'utf8')).values()]);
}

describe('a pool that cannot start, scored with the gold cache on disk', () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-unavailable-'));
    db = path.join(tmp, 'tiny.sqlite');
    const d = new Database(db);
    d.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)');
    d.close();
  });
  afterEach(clearFault);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('gives every example `unavailable`, caches nothing, and a later working pool scores correctly', async () => {
    const dir = path.join(tmp, 'gold');
    // One memo of pair checks for both pools, as a process scoring several runs keeps: it holds
    // only what isCacheable calls a fact, so the failures do not outlive the broken pool.
    const memo = new ResultMemo<PairOutcome>();
    injectBootFailure();
    const broken = new SqlitePool({ size: 1 });
    const cache = new FileGoldCache(dir);
    try {
      const run = await evaluateExecution(examples, env(broken, cache, memo), { compareCompat: false });
      expect(run.verdicts.map((v) => v.reason)).toEqual(['unavailable', 'unavailable', 'unavailable']);
      expect(run.verdicts[0]).toMatchObject({ correct: false, message: 'a query process died while starting (exit 1)' });
    } finally {
      await broken.close();
      cache.flush();
    }
    expect(cachedOutcomes(dir)).toEqual([]);

    clearFault();
    const pool = new SqlitePool({ size: 1 });
    const again = new FileGoldCache(dir);
    try {
      const run = await evaluateExecution(examples, env(pool, again, memo), { compareCompat: false });
      expect(run.verdicts.map((v) => v.reason)).toEqual(['match', 'match', 'gold_error']);
    } finally {
      await pool.close();
      again.flush();
    }
    // Rows and the SQL error of the broken gold are facts worth keeping; nothing else is there.
    expect(cachedOutcomes(dir).map((o) => o.kind).sort()).toEqual(['error', 'rows', 'rows']);
  });

  it('offers the gold cache only what isCacheable keeps: no gold over the row cap, whatever the cache does with it', async () => {
    const offered: ExecOutcome['kind'][] = [];
    // A cache that keeps whatever it is given: scoring alone must decide what to give it.
    const keepsAll: GoldResultCache = { get: () => undefined, set: (_db, _sql, outcome) => void offered.push(outcome.kind) };
    const pool = new SqlitePool({ size: 1 });
    try {
      const run = await evaluateExecution(examples, { ...env(pool, keepsAll), limits: { maxRows: 2 } }, { compareCompat: false });
      expect(run.verdicts.map((v) => v.reason)).toEqual(['match', 'gold_error', 'gold_error']);
      expect(run.verdicts[1]).toMatchObject({ message: expect.stringMatching(/more than 2 rows/) });
    } finally {
      await pool.close();
    }
    expect(offered.sort()).toEqual(['error', 'rows']);
  });

  it('decides cacheability by kind: only rows and SQL errors are kept, in memory or on disk', () => {
    const outcomes: ExecOutcome[] = [
      { kind: 'rows', rows: [[1n]], ms: 1 },
      { kind: 'error', message: 'no such column: nope', ms: 1 },
      { kind: 'timeout', ms: 1000, limitMs: 1000 },
      { kind: 'too_large', reason: 'more than 5 rows', ms: 1 },
      { kind: 'crashed', message: 'query process died (SIGKILL)', ms: 1 },
      { kind: 'unavailable', message: 'pool closed', ms: 0 },
    ];
    expect(outcomes.map(isCacheable)).toEqual([true, true, false, false, false, false]);
    const memo = new ResultMemo();
    outcomes.forEach((o, i) => memo.set(db, `q${i}`, o));
    expect(outcomes.map((_, i) => memo.get(db, `q${i}`)?.kind ?? null)).toEqual(['rows', 'error', null, null, null, null]);
    // A cache file holding an infrastructure failure (as older versions wrote) is not trusted.
    expect(() => decodeOutcomes(encodeOutcomes([['SELECT 1', outcomes[5]!]]))).toThrow('not an outcome table');
  });
});
