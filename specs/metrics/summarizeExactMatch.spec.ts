import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { readGoldFile } from '../../src/data/goldFile.ts';
import { readPredictionFile } from '../../src/data/predictionFile.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { scoreExactMatchRun } from '../../src/evaluate/scoreExactMatchRun.ts';
import { PARTIAL_TYPES, SUMMARY_LEVELS } from '../../src/metrics/partialScores.ts';
import { ResultMemo } from '../../src/sql/ResultMemo.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);
const conformance = path.join(root, 'conformance', 'resdsql-3b.tsv');

describe.skipIf(!fs.existsSync(conformance))('the official report table (summarizeExactMatch)', () => {
  const gold = readGoldFile(paths.devGold);

  it('gives the official counts and exact match per hardness level for a real set', () => {
    const preds = readPredictionFile(path.join(root, 'predictions', 'resdsql-3b', 'pred.sql'), { gold });
    const run = scoreExactMatchRun(gold.map((g, i) => ({ goldSql: g.sql, predSql: preds[i]!.sql, dbId: g.dbId })), paths);
    const rows = fs.readFileSync(conformance, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    for (const level of SUMMARY_LEVELS) {
      const mine = rows.filter((r) => level === 'all' || r[3] === level);
      expect(run.summary[level].count).toBe(mine.length);
      expect(run.summary[level].exact).toBeCloseTo(mine.filter((r) => r[2] === '1').length / mine.length, 12);
    }
    // RESDSQL's authors report EM 78.0 on dev.
    expect(run.summary.all.exact).toBeCloseTo(0.78, 3);
    for (const level of SUMMARY_LEVELS) {
      for (const t of PARTIAL_TYPES) {
        const { acc, rec, f1 } = run.summary[level].partial[t];
        for (const x of [acc, rec, f1]) expect(x).toBeGreaterThanOrEqual(0);
        for (const x of [acc, rec, f1]) expect(x).toBeLessThanOrEqual(1);
        if (acc > 0 || rec > 0) expect(f1).toBeCloseTo((2 * acc * rec) / (acc + rec), 12);
      }
    }
  });

  it('repeated (db, gold, prediction) triples score like the first one, and the database is part of the triple', () => {
    const sql = 'SELECT name FROM singer';
    const run = scoreExactMatchRun(
      [
        { goldSql: sql, predSql: sql, dbId: 'concert_singer' },
        { goldSql: sql, predSql: sql, dbId: 'pets_1' }, // no singer table: the gold does not parse there
        { goldSql: sql, predSql: sql, dbId: 'concert_singer' },
        { goldSql: sql, predSql: 'SELECT name FROM stadium', dbId: 'concert_singer' },
      ],
      paths,
    );
    expect(run.verdicts.map((v) => (v.kind === 'scored' ? v.em : v.kind))).toEqual([1, 'gold-unparseable', 1, 0]);
    expect(run.verdicts[2]).toEqual(run.verdicts[0]);
    expect(run.goldUnparseable).toBe(1);
  });

  it('scores the gold against itself as perfect on every component', () => {
    const sample = gold.slice(0, 200);
    const run = scoreExactMatchRun(sample.map((g) => ({ goldSql: g.sql, predSql: g.sql, dbId: g.dbId })), paths);
    expect(run.summary.all.exact).toBe(1);
    for (const t of PARTIAL_TYPES) {
      const { acc, rec, f1 } = run.summary.all.partial[t];
      // A component no example has keeps acc = rec = 0, and the official code sets f1 = 1.
      if (acc === 0 && rec === 0) expect(f1).toBe(1);
      else expect([acc, rec, f1]).toEqual([1, 1, 1]);
    }
  });
});

describe('ResultMemo', () => {
  it('returns what was stored, never keeps timeouts, and evicts least recently used past its budget', () => {
    const memo = new ResultMemo(20);
    const rows = (n: number) => ({ kind: 'rows' as const, rows: Array.from({ length: n }, (_, i) => [BigInt(i)]), ms: 1 });
    memo.set('db', 'q1', rows(1));
    memo.set('db', 'q2', { kind: 'timeout', ms: 5, limitMs: 5 });
    memo.set('db', 'q3', { kind: 'error', message: 'boom', ms: 1 });
    expect(memo.get('db', 'q1')).toEqual(rows(1));
    expect(memo.get('db', 'q2')).toBeUndefined();
    expect(memo.get('other', 'q1')).toBeUndefined();
    memo.set('db', 'big', rows(50)); // larger than a tenth of the budget: not kept
    expect(memo.get('db', 'big')).toBeUndefined();
    for (let i = 0; i < 20; i++) memo.set('db', `k${i}`, rows(0));
    expect(memo.get('db', 'q1')).toBeUndefined(); // the oldest entries went first
    expect(memo.get('db', 'k19')).toEqual(rows(0));
    expect(memo.hits).toBe(2);
  });

  it('runs a query asked for twice at once only once, and shares remembered outcomes at 0 ms', async () => {
    const memo = new ResultMemo();
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const execute = (sql: string) => async () => {
      calls.push(sql);
      await gate;
      return { kind: 'rows' as const, rows: [[1n]], ms: 7 };
    };
    const first = memo.run('db', 'q', execute('q'));
    const twin = memo.run('db', 'q', execute('q'));
    const other = memo.run('db', 'r', execute('r'));
    release();
    expect(await first).toEqual({ kind: 'rows', rows: [[1n]], ms: 7 });
    expect(await twin).toEqual({ kind: 'rows', rows: [[1n]], ms: 0 });
    expect(await other).toMatchObject({ kind: 'rows' });
    expect(calls).toEqual(['q', 'r']);
    expect(await memo.run('db', 'q', execute('q'))).toEqual({ kind: 'rows', rows: [[1n]], ms: 0 });
    expect(calls).toEqual(['q', 'r']);
    // A timeout is shared with a twin already waiting, but never remembered.
    const slow = memo.run('db', 't', async () => ({ kind: 'timeout' as const, ms: 5, limitMs: 5 }));
    expect(await slow).toMatchObject({ kind: 'timeout' });
    await new Promise((r) => setImmediate(r));
    expect(memo.get('db', 't')).toBeUndefined();
  });

  it('passes a failed execution to its caller without an unhandled rejection, and forgets it', async () => {
    const memo = new ResultMemo();
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls++;
      throw new Error('SqlitePool is closed');
    };
    await expect(memo.run('db', 'q', failing)).rejects.toThrow('closed');
    await expect(memo.run('db', 'q', failing)).rejects.toThrow('closed');
    expect(calls).toBe(2);
  });
});
