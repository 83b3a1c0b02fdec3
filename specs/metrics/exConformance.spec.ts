import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { conformanceDir, publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { evaluateRun } from '../../src/evaluate/evaluateRun.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { memoryGoldCache } from '../support/memoryGoldCache.ts';
import { assertData, fetchData, requireData } from '../support/requireData.ts';

// The bar: per-example agreement with the official evaluator's EX verdicts, full dev, for
// every prediction set that ../shared/conformance has verdicts for.
const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const verdictsDir = conformanceDir(root);
const sets = fs.existsSync(verdictsDir)
  ? fs.readdirSync(verdictsDir).filter((f) => f.endsWith('.tsv')).map((f) => f.slice(0, -4)).sort()
  : [];

describe('EX agrees with the official evaluator on every example', () => {
  requireData([verdictsDir], fetchData.shared);
  requireData([spiderPaths(root).devGold], fetchData.spider);

  it('has conformance sets to check', () => {
    expect(sets.length).toBeGreaterThan(0);
  });

  const pool = new SqlitePool({ limits: { timeoutMs: 60_000 } });
  const goldCache = memoryGoldCache();
  afterAll(() => pool.close());

  it.each(sets)('%s: every one of 1034 verdicts agrees', async (name) => {
    const set = publishedSetPaths(root, name);
    assertData([set.pred], fetchData.predictions);
    const official = fs
      .readFileSync(set.conformance, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .map(([index, exec]) => ({ index: Number(index), exec: Number(exec) }));
    const result = await evaluateRun({
      dataRoot: root,
      predictionFile: set.pred,
      executor: pool,
      goldCache,
      concurrency: pool.capacity,
    });
    expect(result.verdicts).toHaveLength(1034);
    expect(official).toHaveLength(1034);
    const disagreements = official
      .filter((o) => (result.verdicts[o.index]!.correct ? 1 : 0) !== o.exec)
      .map((o) => ({ official: o.exec, ours: result.verdicts[o.index] }));
    if (disagreements.length > 0) console.log(name, JSON.stringify(disagreements, null, 1));
    expect(disagreements).toEqual([]);
    // The official numbers are not all-correct or all-wrong: agreement is informative.
    const ex = official.filter((o) => o.exec === 1).length / 1034;
    expect(ex).toBeGreaterThan(0.1);
    expect(ex).toBeLessThan(0.95);
  });
});
