// The result comparison is bounded. Two results whose rows are permutations of one another can
// make the exact column search grow factorially: here the rows are a graph's edges (a 1 at both
// ends), so a column order that makes the results equal is a graph isomorphism, and a cycle of
// 22 vertices against two cycles of 11 passes every partial check for a long time (unbounded,
// 16 vertices already took 15 s; 22 take hours).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionEnv } from '../../src/metrics/ExecutionEnv.ts';
import { COMPARE_STEPS_PER_MS, compareResults, resultsEqual } from '../../src/sql/resultsEqual.ts';
import { scoreExecution } from '../../src/metrics/scoreExecution.ts';
import type { Row } from '../../src/sql/PyValue.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';

type Edge = readonly [number, number];

/** One row per edge, one column per vertex: 1 at the edge's two ends. */
function incidence(n: number, edges: readonly Edge[]): Row[] {
  return edges.map(([a, b]) => Array.from({ length: n }, (_, c) => (c === a || c === b ? 1n : 0n)));
}

function cycle(n: number, from = 0, label = (v: number) => v): Edge[] {
  return Array.from({ length: n }, (_, i) => [label(from + i), label(from + ((i + 1) % n))] as const);
}

/** A cycle of n vertices (labels scrambled) against two cycles of n/2: no column order matches. */
function hardPair(n: number): { gold: Row[]; pred: Row[] } {
  const scramble = (v: number) => (v * 5 + 3) % n; // a bijection when gcd(5, n) = 1
  return { gold: incidence(n, cycle(n, 0, scramble)), pred: incidence(n, [...cycle(n / 2), ...cycle(n / 2, n / 2)]) };
}

describe('the result comparison has a step budget', () => {
  it('says over_budget on the hostile case, the same every time, and lets the event loop run meanwhile', async () => {
    const { gold, pred } = hardPair(22);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const first = await compareResults(gold, pred, { orderMatters: false, officialQuickReject: true, budget: 1_000_000 });
      expect(first).toBe('over_budget');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
    expect(await compareResults(gold, pred, { orderMatters: false, officialQuickReject: true, budget: 1_000_000 })).toBe('over_budget');
  });

  it('decides what fits in the budget exactly as the unbounded comparison', async () => {
    const small = hardPair(8);
    expect(resultsEqual(small.gold, small.pred, { orderMatters: false })).toBe(false);
    expect(await compareResults(small.gold, small.pred, { orderMatters: false, budget: 10_000_000 })).toBe('different');
    // The same graph with its columns (vertices) and rows (edges) shuffled is a match.
    const shuffled = small.gold.map((row) => [7, 2, 5, 0, 3, 6, 1, 4].map((c) => row[c]!)).reverse();
    expect(await compareResults(small.gold, shuffled, { orderMatters: false, budget: 10_000_000 })).toBe('equal');
    // A budget too small to finish is never read as a verdict.
    expect(await compareResults(small.gold, small.pred, { orderMatters: false, budget: 10 })).toBe('over_budget');
  });
});

describe('scoring a prediction whose comparison runs past its budget', () => {
  let tmp: string;
  let pool: SqlitePool;
  let env: ExecutionEnv;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-budget-'));
    const db = path.join(tmp, 'graphs.sqlite');
    const { gold, pred } = hardPair(22);
    const d = new Database(db);
    d.defaultSafeIntegers(true);
    for (const [table, rows] of [['g', gold], ['p', pred]] as const) {
      const cols = Array.from({ length: 22 }, (_, c) => `v${c} INTEGER`).join(', ');
      d.exec(`CREATE TABLE ${table} (${cols})`);
      const insert = d.prepare(`INSERT INTO ${table} VALUES (${Array(22).fill('?').join(', ')})`);
      for (const row of rows) insert.run(...(row as bigint[]));
    }
    d.close();
    pool = new SqlitePool({ size: 1 });
    env = { executor: pool, databases: () => [db], limits: { timeoutMs: 2_000 } };
  });
  afterAll(async () => {
    await pool.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('gets compare_budget, with a budget that grows with the time limit', { timeout: 60_000 }, async () => {
    const example = { index: 0, dbId: 'graphs', gold: 'SELECT * FROM g', pred: 'SELECT * FROM p' };
    const v = await scoreExecution(example, env);
    expect(v).toMatchObject({ correct: false, reason: 'compare_budget', steps: 2_000 * COMPARE_STEPS_PER_MS, database: 'graphs.sqlite' });
    expect(await scoreExecution(example, env, { compat: 'strict' })).toMatchObject({ reason: 'compare_budget' });
    // The pool's own limit applies when the run sets none.
    const quick = new SqlitePool({ size: 1, limits: { timeoutMs: 1_000 } });
    try {
      const v2 = await scoreExecution(example, { ...env, executor: quick, limits: {} });
      expect(v2).toMatchObject({ reason: 'compare_budget', steps: 1_000 * COMPARE_STEPS_PER_MS });
    } finally {
      await quick.close();
    }
  });
});
