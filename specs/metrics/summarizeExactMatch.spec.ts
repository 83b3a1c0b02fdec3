import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { readGoldFile } from '../../src/data/goldFile.ts';
import { readPredictionFile } from '../../src/data/predictionFile.ts';
import { publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { scoreExactMatchRun } from '../../src/evaluate/scoreExactMatchRun.ts';
import { PARTIAL_TYPES, SUMMARY_LEVELS } from '../../src/metrics/partialScores.ts';
import { fetchData, present, requireData } from '../support/requireData.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);
const resdsql = publishedSetPaths(root, 'resdsql-3b');
const conformance = resdsql.conformance;

describe('the official report table (summarizeExactMatch)', () => {
  requireData([paths.devGold, paths.tables, paths.database('concert_singer')], fetchData.spider);
  requireData([resdsql.pred], fetchData.predictions);
  requireData([conformance], fetchData.shared);
  const gold = present([paths.devGold]) ? readGoldFile(paths.devGold) : [];

  it('gives the official counts and exact match per hardness level for a real set', () => {
    const preds = readPredictionFile(resdsql.pred, { gold });
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
