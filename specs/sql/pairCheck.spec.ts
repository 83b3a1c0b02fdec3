// Scoring sends one request per example to a query process, which runs and compares the gold
// and the prediction on every database of the suite and answers with a check per database:
// the prediction's rows never come back, and each step (gold, prediction, comparison) has the
// query's time limit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionEnv } from '../../src/metrics/ExecutionEnv.ts';
import { scoreExecution } from '../../src/metrics/scoreExecution.ts';
import { checkPair } from '../../src/sql/checkPair.ts';
import { DEFAULT_EXEC_LIMITS, type ExecOutcome, type PairOutcome, type PairRequest, type SqlExecutor } from '../../src/sql/ExecOutcome.ts';
import { FileGoldCache } from '../../src/sql/FileGoldCache.ts';
import type { Row } from '../../src/sql/PyValue.ts';
import { ResultMemo } from '../../src/sql/ResultMemo.ts';
import { sqliteFile } from '../support/sqliteFile.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';

const hook = fileURLToPath(new URL('../../fixtures/sql/faultyWorkerHook.mjs', import.meta.url));
const savedOptions = process.env.NODE_OPTIONS;
let tmp: string;
/** A suite of three databases: t(x) holds 1..3, then 1..3 and 10, then 1..3 and 20. */
let suite: string[];
let pool: SqlitePool;

const database = (name: string, setup: string): string => sqliteFile(path.join(tmp, name), setup);

const serialized = (o: PairOutcome) => JSON.stringify(o, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

const pair = (gold: string, pred: string, more: Partial<PairRequest> = {}): PairRequest => ({
  databases: suite,
  gold,
  pred,
  compare: { orderMatters: false, officialQuickReject: true },
  budget: 1_000_000,
  ...more,
});

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-pair-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('checking a gold and a prediction in the query process', () => {
  beforeAll(() => {
    const base = "CREATE TABLE t (x INTEGER, s TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');";
    suite = [
      database('main.sqlite', base),
      database('main_v1.sqlite', `${base} INSERT INTO t VALUES (10, 'zzz-secret');`),
      database('main_v2.sqlite', `${base} INSERT INTO t VALUES (20, 'd');`),
    ];
    pool = new SqlitePool({ size: 1, limits: { timeoutMs: 2_000 } });
  });
  afterAll(() => pool.close());

  it('answers with a check per database up to the first that rejects the prediction, without its rows', async () => {
    const accepted = await pool.check(pair('SELECT s FROM t WHERE x < 5', "SELECT s FROM t WHERE x <= 4"));
    expect(accepted).toMatchObject({ kind: 'checked' });
    if (accepted.kind !== 'checked') return;
    expect(accepted.checks.map((c) => [c.index, c.gold.kind, c.pred?.kind, c.comparison])).toEqual([
      [0, 'rows', 'rows', 'equal'],
      [1, 'rows', 'rows', 'equal'],
      [2, 'rows', 'rows', 'equal'],
    ]);
    // The prediction's extra row exists only on the second database: the check stops there.
    const rejected = await pool.check(pair("SELECT s FROM t WHERE s < 'z'", 'SELECT s FROM t'));
    expect(rejected).toMatchObject({ kind: 'checked', checks: [{ index: 0, comparison: 'equal' }, { index: 1, comparison: 'different', pred: { kind: 'rows', rowCount: 4 } }] });
    expect(serialized(rejected)).not.toContain('zzz-secret');
    // Asked for, the gold's own result comes back (for the gold cache); still not the prediction's.
    const withGold = await pool.check(pair("SELECT s FROM t WHERE s < 'z' OR x = 1", 'SELECT s FROM t', { returnGold: true }));
    expect(withGold.kind === 'checked' && withGold.checks.map((c) => c.freshGold)).toEqual([
      { kind: 'rows', rows: [['a'], ['b'], ['c']], ms: expect.any(Number) },
      { kind: 'rows', rows: [['a'], ['b'], ['c']], ms: expect.any(Number) },
    ]);
    expect(serialized(withGold)).not.toContain('zzz-secret');
  });

  it('compares by a second set of rules in the same request where asked (the other compat mode)', async () => {
    // (1, 1.5) against (1.0, 1.5): the official quick rejection refuses a true match; strict accepts it.
    const quirk = pair('SELECT 1, 1.5', 'SELECT 1.0, 1.5', { alsoCompare: { orderMatters: false, officialQuickReject: false } });
    expect(await pool.check(quirk)).toMatchObject({ kind: 'checked', checks: [{ index: 0, comparison: 'different', other: 'equal' }] });
    // The other rules never decide where the checks stop: the first rules rejected on the first database.
    const stopped = await pool.check({ ...quirk, gold: 'SELECT 1, 1.5 FROM t WHERE x = 1', pred: 'SELECT 1.0, 1.5 FROM t WHERE x = 1' });
    expect(stopped.kind === 'checked' && stopped.checks.length).toBe(1);
    const both = await pool.check(pair('SELECT x FROM t', 'SELECT x FROM t ORDER BY x DESC', { alsoCompare: { orderMatters: false, officialQuickReject: false } }));
    expect(both.kind === 'checked' && both.checks.map((c) => [c.comparison, c.other])).toEqual([['equal', 'equal'], ['equal', 'equal'], ['equal', 'equal']]);
  });

  it('runs the gold on another database where asked (the same query on reordered data, say)', async () => {
    const reversed = database('reversed.sqlite', "CREATE TABLE t (x INTEGER, s TEXT); INSERT INTO t VALUES (3, 'c'), (2, 'b'), (1, 'a');");
    const sql = 'SELECT x FROM t';
    const ordered = await pool.check(pair(sql, sql, { databases: [reversed], goldDatabases: [suite[0]!], compare: { orderMatters: true, officialQuickReject: true } }));
    expect(ordered).toMatchObject({ kind: 'checked', checks: [{ index: 0, comparison: 'different' }] });
    const bag = await pool.check(pair(sql, sql, { databases: [reversed], goldDatabases: [suite[0]!] }));
    expect(bag).toMatchObject({ kind: 'checked', checks: [{ index: 0, comparison: 'equal' }] });
  });

  it('gives each step its own time limit: an overrun ends the check on that database', { timeout: 60_000 }, async () => {
    const slow = 'WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c';
    // A prediction that never ends: a timeout on the first database.
    const pred = await pool.check(pair('SELECT 0', slow), { timeoutMs: 500 });
    expect(pred).toMatchObject({ kind: 'checked', checks: [{ index: 0, pred: { kind: 'timeout', limitMs: 500 } }] });
    // A gold that overruns on the second database only.
    const gold = await pool.check(pair("SELECT CASE WHEN max(x) = 10 THEN (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c) ELSE 1 END FROM t", 'SELECT 1'), { timeoutMs: 500 });
    expect(gold).toMatchObject({ kind: 'checked', checks: [{ index: 1, gold: { kind: 'timeout' } }] });
    // A comparison with a budget it cannot spend within the limit is stopped there: not accepted.
    const wide = database('graph.sqlite', graphTables(22));
    const compare = await pool.check(
      { databases: [wide], gold: 'SELECT * FROM g', pred: 'SELECT * FROM p', compare: { orderMatters: false, officialQuickReject: true }, budget: 1e15 },
      { timeoutMs: 500 },
    );
    expect(compare).toMatchObject({ kind: 'checked', checks: [{ index: 0, comparison: 'over_budget' }] });
    // The pool goes on with a fresh process.
    expect(await pool.check(pair('SELECT 1', 'SELECT 1'))).toMatchObject({ kind: 'checked', checks: [{ comparison: 'equal' }, {}, {}] });
  });

  it('scores a suite with one check and no query sent back with its rows', async () => {
    const calls = { execute: 0, check: 0 };
    const counting: SqlExecutor = {
      limits: pool.limits,
      execute: (...args) => (calls.execute++, pool.execute(...args)),
      check: (...args) => (calls.check++, pool.check(...args)),
      close: () => pool.close(),
    };
    const env: ExecutionEnv = { executor: counting, databases: () => suite, goldCache: new FileGoldCache(path.join(tmp, 'gold')) };
    const v = await scoreExecution({ index: 0, dbId: 'main', gold: 'SELECT x FROM t WHERE x < 4', pred: 'SELECT x FROM t WHERE x <= 10' }, env);
    expect(v).toMatchObject({ correct: false, reason: 'mismatch', database: 'main_v1.sqlite' });
    expect(calls).toEqual({ execute: 0, check: 1 });
    // The golds that ran came back to the cache; the next example finds them there.
    const again = await scoreExecution({ index: 1, dbId: 'main', gold: 'SELECT x FROM t WHERE x < 4', pred: 'SELECT x FROM t WHERE x BETWEEN 1 AND 3' }, env);
    expect(again).toMatchObject({ correct: true, reason: 'match' });
    expect((env.goldCache as FileGoldCache).hits).toBe(2);
    expect(calls).toEqual({ execute: 0, check: 2 });
    // An example may bring its own suite (one generated for its gold): the verdict names the file.
    const own = await scoreExecution({ index: 2, dbId: 'main', gold: 'SELECT x FROM t WHERE x < 4', pred: 'SELECT x FROM t WHERE x < 15', databases: [suite[0]!, suite[2]!, suite[1]!] }, env);
    expect(own).toMatchObject({ correct: false, reason: 'mismatch', database: 'main_v1.sqlite' });
    expect(calls).toEqual({ execute: 0, check: 3 });
  });
});

describe('a prediction that is the gold statement', () => {
  it('is not run where the gold ran (other spacing, keyword case); one reading random() or the clock is', () => {
    const db = database('same.sqlite', "CREATE TABLE t (x INTEGER, s TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');");
    const ran: string[] = [];
    const run = (file: string, sql: string): ExecOutcome => {
      ran.push(sql);
      const conn = new Database(file, { readonly: true });
      try {
        return { kind: 'rows', rows: conn.prepare(sql).raw().all() as Row[], ms: 1 };
      } finally {
        conn.close();
      }
    };
    const check = (gold: string, pred: string, more: Partial<PairRequest> = {}) => {
      ran.length = 0;
      const out = checkPair({ ...pair(gold, pred), databases: [db], ...more }, DEFAULT_EXEC_LIMITS, run, new ResultMemo());
      return { comparison: out.checks.map((c) => c.comparison), ran: [...ran] };
    };
    const gold = 'SELECT s FROM t ORDER BY x LIMIT 2';
    expect(check(gold, 'select S  from T\n order by X limit 2')).toEqual({ comparison: ['equal'], ran: [gold] });
    // Another literal, another statement: run.
    expect(check("SELECT s FROM t WHERE s = 'a'", "select s from t where s = 'A'")).toEqual({ comparison: ['different'], ran: ["SELECT s FROM t WHERE s = 'a'", "select s from t where s = 'A'"] });
    // Run again, these may return something else.
    for (const volatile of ['SELECT s FROM t ORDER BY random() LIMIT 1', "SELECT date('now'), s FROM t"]) expect(check(volatile, volatile.toLowerCase()).ran).toHaveLength(2);
    // The gold ran on another database (reordered data): the prediction runs on its own.
    expect(check(gold, gold, { goldDatabases: [suite[0]!] }).ran).toHaveLength(2);
  });
});

describe('a query process that dies during a check', () => {
  afterEach(() => {
    if (savedOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = savedOptions;
    delete process.env.T2SQL_TEST_FAULT;
  });

  it('charges the database it died on, after one more try', async () => {
    const crashing = database('crash.sqlite', 'CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)');
    process.env.NODE_OPTIONS = `${savedOptions ?? ''} --import ${hook}`.trim();
    process.env.T2SQL_TEST_FAULT = 'crash-db';
    const faulty = new SqlitePool({ size: 1 });
    try {
      const out = await faulty.check(pair('SELECT 1', 'SELECT 1', { databases: [suite[0]!, crashing] }));
      expect(out).toMatchObject({ kind: 'checked', checks: [{ index: 1, gold: { kind: 'crashed', message: 'query process died (SIGKILL)' } }] });
      expect(faulty.spawned).toBe(2);
    } finally {
      await faulty.close();
    }
  });
});

/** A 22-vertex cycle against two 11-cycles as incidence tables (see compareBudget.spec.ts). */
function graphTables(n: number): string {
  const edges = (pairs: [number, number][]) => pairs.map(([a, b]) => `(${Array.from({ length: n }, (_, c) => (c === a || c === b ? 1 : 0)).join(', ')})`).join(', ');
  const scramble = (v: number) => (v * 5 + 3) % n;
  const cycle = (len: number, from: number, label: (v: number) => number = (v) => v): [number, number][] =>
    Array.from({ length: len }, (_, i) => [label(from + i), label(from + ((i + 1) % len))]);
  const cols = Array.from({ length: n }, (_, c) => `v${c} INTEGER`).join(', ');
  return `CREATE TABLE g (${cols}); CREATE TABLE p (${cols}); INSERT INTO g VALUES ${edges(cycle(n, 0, scramble))}; INSERT INTO p VALUES ${edges([...cycle(n / 2, 0), ...cycle(n / 2, n / 2)])};`;
}
