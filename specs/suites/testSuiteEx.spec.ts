import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { evaluateRun, type EvaluationResult } from '../../src/evaluate/evaluateRun.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { auditGoldOrder } from '../../src/suites/auditGoldOrder.ts';
import { fetchData, requireData } from '../support/requireData.ts';

// Test-suite EX with generated suites (evaluateRun, suite 'generated') against EX on the
// original database (suite 'none') on real published prediction sets: the suite only ever
// takes accepted predictions away, and each one it takes names the generated database.
const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);
const sets = ['nl2sql360-ftsize2-resdsql_text2sql_3b-4000', 'dailsql-gpt4', 'codes-1b-sft'];
const n = 140;
const gold = fs.existsSync(paths.devGold) ? fs.readFileSync(paths.devGold, 'utf8').split('\n') : [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-tsex-'));
const pool = new SqlitePool({ size: 2 });
afterAll(async () => {
  await pool.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('test-suite EX with generated suites', () => {
  requireData([paths.devGold, paths.database('car_1')], fetchData.spider);
  requireData(sets.map((s) => publishedSetPaths(root, s).pred), fetchData.predictions);
  const runs = new Map<string, { none: EvaluationResult; generated: EvaluationResult }>();
  beforeAll(async () => {
    for (const set of sets) {
      const common = { dataRoot: root, predictionFile: publishedSetPaths(root, set).pred, limit: n, executor: pool };
      const none = await evaluateRun({ ...common, suite: { mode: 'none' } });
      const generated = await evaluateRun({ ...common, suite: { mode: 'generated', suitesDir: path.join(tmp, 'suites'), seed: 0 } });
      runs.set(set, { none, generated });
    }
  }, 240_000);

  it.each(sets)('%s: test-suite EX is never above EX on the original database, and each lost prediction names its generated database', (set) => {
    const { none, generated } = runs.get(set)!;
    const s = generated.suite;
    expect(none.suite).toMatchObject({ mode: 'none', changed: [], extraDatabases: 0, generatorVersion: null });
    expect(s.correctOriginal).toBe(none.summary.correct);
    expect(s.correctSuite).toBe(generated.summary.correct);
    expect(s.exSuite).toBeLessThanOrEqual(s.exOriginal);
    expect(s.correctOriginal - s.correctSuite).toBe(s.changed.length);
    for (let i = 0; i < n; i++) {
      const a = none.verdicts[i]!;
      const b = generated.verdicts[i]!;
      if (b.correct) expect(a.correct).toBe(true);
      if (s.changed.includes(i)) {
        expect(a.correct).toBe(true);
        expect((b as { database?: string }).database).toMatch(/^[0-9a-f]{64}\/g\d\d\.sqlite$/);
      } else {
        expect(b.correct).toBe(a.correct);
      }
    }
    // The tie-dependent verdicts do not depend on the suite mode (they are probed on the original database).
    expect(generated.tieDependent).toEqual(none.tieDependent);
  });

  it('the suites catch at least one accepted prediction over these sets (a dropped predicate, a changed comparison)', () => {
    expect(sets.reduce((acc, set) => acc + runs.get(set)!.generated.suite.changed.length, 0)).toBeGreaterThan(0);
  });

  it('marks the regression case (prediction 132 of nl2sql360-ftsize2-resdsql_text2sql_3b-4000) as tie-dependent, under every suite mode', () => {
    const { none, generated } = runs.get(sets[0]!)!;
    expect(none.tieDependent).toContain(132);
    expect(generated.tieDependent).toEqual(none.tieDependent);
    // Only examples with an ORDER BY in the gold or the prediction can rest on tie order.
    const preds = fs.readFileSync(publishedSetPaths(root, sets[0]!).pred, 'utf8').split('\n');
    for (const i of none.tieDependent) expect(/order\s+by/i.test(gold[i]!) || /order\s+by/i.test(preds[i]!)).toBe(true);
    // The gold of 132 orders by horsepower and keeps one row; the prediction orders groups by a count(*) that ties.
    expect(gold[132]).toMatch(/ORDER BY T2.horsepower DESC LIMIT 1/);
    expect(preds[132]).toMatch(/order by count \( \* \) desc limit 1/);
  });
});

describe('gold queries that depend on row or tie order', () => {
  requireData([paths.devGold, paths.database('car_1'), paths.database('concert_singer')], fetchData.spider);

  it('the audit of the dev golds lists the ambiguous ones: count(*) ties under LIMIT 1 (examples 26 and 27)', async () => {
    const golds = gold
      .slice(0, 60)
      .map((l, index) => ({ index, line: l.split('\t') }))
      .map(({ index, line }) => ({ index, dbId: line[1]!, gold: line[0]!, databaseFile: paths.database(line[1]!) }));
    const found = await auditGoldOrder(golds, tmp, pool);
    const indices = found.map((a) => a.index);
    expect(indices).toContain(26);
    expect(indices).toContain(27);
    expect(found.find((a) => a.index === 26)).toMatchObject({ dbId: 'concert_singer', tieAt: 0 });
    // Example 0 (`SELECT count(*) FROM singer`) is not ambiguous.
    expect(indices).not.toContain(0);
  });
});
