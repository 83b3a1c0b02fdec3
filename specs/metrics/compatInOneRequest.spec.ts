// Scoring asks for the other compat mode's comparison in the same request where both modes
// run the same texts. The verdicts it derives from that must be the ones scoring under the
// other mode on its own gives, on every example of real prediction sets.
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { readPredictionFile } from '../../src/data/predictionFile.ts';
import { publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { loadGold } from '../../src/evaluate/evaluateRun.ts';
import { evaluateExecution } from '../../src/metrics/evaluateExecution.ts';
import type { ExecutionEnv } from '../../src/metrics/ExecutionEnv.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { assertData, fetchData, requireData } from '../support/requireData.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);

describe('both compat modes from one request per example', () => {
  requireData([paths.devGold], fetchData.spider);
  const pool = new SqlitePool({ limits: { timeoutMs: 60_000 } });
  afterAll(() => pool.close());

  it.each(['c3sql-chatgpt', 'nl2sql360-llama2-7b-base'])('%s: the derived verdicts equal scoring under each mode alone', { timeout: 120_000 }, async (name) => {
    const set = publishedSetPaths(root, name);
    assertData([set.pred], fetchData.predictions);
    const gold = loadGold(root);
    const preds = readPredictionFile(set.pred, { gold });
    const examples = gold.map((g, i) => ({ index: g.index, dbId: g.dbId, gold: g.sql, pred: preds[i]!.sql }));
    const env: ExecutionEnv = { executor: pool, databases: (id) => [paths.database(id)] };
    for (const compat of ['official', 'strict'] as const) {
      const both = await evaluateExecution(examples, env, { compat });
      const other = compat === 'official' ? 'strict' : 'official';
      const alone = await evaluateExecution(examples, env, { compat: other, compareCompat: false });
      const diffs = new Map(both.compatDiffs!.map((d) => [d.index, d[other]]));
      const derived = both.verdicts.map((v) => (diffs.get(v.index) ?? v).correct);
      expect(derived).toEqual(alone.verdicts.map((v) => v.correct));
    }
  });

  it('derives the other verdict where one database decides, and asks again where the other mode would go on', async () => {
    const db = paths.database('concert_singer');
    // The official quick rejection refuses (1, 1.5) against (1.0, 1.5); strict accepts it.
    const examples = [
      { index: 0, dbId: 'one', gold: 'SELECT 1, 1.5', pred: 'SELECT 1.0, 1.5' },
      { index: 1, dbId: 'two', gold: 'SELECT 1, 1.5', pred: 'SELECT 1.0, 1.5' },
      { index: 2, dbId: 'two', gold: 'SELECT 1, 1.5 FROM singer WHERE age > 40', pred: 'SELECT 1.0, 1.5 FROM singer WHERE age > 40' },
      { index: 3, dbId: 'one', gold: 'SELECT count(*) FROM singer', pred: 'SELECT count(*) + 0 FROM singer' },
    ];
    // 'two' is a suite of two databases (the same file twice): strict must check the second one too.
    const env: ExecutionEnv = { executor: pool, databases: (id) => (id === 'two' ? [db, db] : [db]) };
    let checks = 0;
    const counting: ExecutionEnv = { ...env, executor: { ...pool, limits: pool.limits, execute: pool.execute.bind(pool), close: pool.close.bind(pool), check: (...a) => (checks++, pool.check(...a)) } };
    const both = await evaluateExecution(examples, counting, { compat: 'official', concurrency: 1 });
    expect(both.verdicts.map((v) => v.reason)).toEqual(['mismatch', 'mismatch', 'mismatch', 'match']);
    expect(both.compatDiffs!.map((d) => [d.index, d.strict.reason])).toEqual([[0, 'match'], [1, 'match'], [2, 'match']]);
    // One request per example, and one more for each 'two' example (strict goes on to the second database).
    expect(checks).toBe(6);
    const strict = await evaluateExecution(examples, env, { compat: 'strict', compareCompat: false });
    expect(strict.verdicts.map((v) => v.reason)).toEqual(['match', 'match', 'match', 'match']);
  });
});
