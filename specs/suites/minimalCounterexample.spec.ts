import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionEnv } from '../../src/metrics/ExecutionEnv.ts';
import { scoreExecution } from '../../src/metrics/scoreExecution.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { counterexampleReport } from '../../src/suites/counterexampleReport.ts';
import { formatCounterexample } from '../../src/suites/formatCounterexample.ts';
import { minimalCounterexample } from '../../src/suites/minimalCounterexample.ts';
import { writeDatabase } from '../../src/suites/writeDatabase.ts';
import { auditGoldOrder } from '../../src/suites/auditGoldOrder.ts';
import { dependsOnRowOrder } from '../../src/suites/dependsOnRowOrder.ts';
import { orderTies } from '../../src/suites/orderTies.ts';
import { writeReversedCopy } from '../../src/suites/writeReversedCopy.ts';
import { fetchData, requireData } from '../support/requireData.ts';
import { devGolds, fetchSpider, paths, requiredFiles, suiteInput } from './support/suiteData.ts';

describe('minimal counterexamples on real databases', () => {
  requireData(requiredFiles, fetchSpider);
  let pool: SqlitePool;
  let tmp: string;
  beforeAll(() => {
    pool = new SqlitePool({ size: 1 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-suites-cx-'));
  });
  afterAll(async () => {
    await pool?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const correctOn = async (file: string, gold: string, pred: string) => {
    const env: ExecutionEnv = { executor: pool, databases: () => [file] };
    return (await scoreExecution({ index: 0, dbId: 'x', gold, pred }, env)).correct;
  };

  it('`age >= 20` for `age > 20`: one singer aged 20, and no row can go', async () => {
    const input = suiteInput('concert_singer', 'SELECT count(*) FROM singer WHERE age > 20');
    const pred = 'SELECT count(*) FROM singer WHERE age >= 20';
    expect(await correctOn(paths.database('concert_singer'), input.gold, pred)).toBe(true); // the original cannot tell
    const found = await minimalCounterexample(input, pred, path.join(tmp, 'age'), { executor: pool });
    if (found.kind !== 'found') throw new Error('no counterexample');
    expect(found.rows).toBe(1);
    expect(found.rows).toBeLessThanOrEqual(found.rowsBefore);
    const singer = found.database.tables.find((t) => t.name === 'singer')!;
    expect(singer.rows[0]![singer.columns.indexOf('Age')]).toBe(20n);
    expect(await correctOn(found.file, input.gold, pred)).toBe(false);
    // Taking any row out makes the two agree again.
    for (const [ti, t] of found.database.tables.entries()) {
      for (let r = 0; r < t.rows.length; r++) {
        const smaller = { tables: found.database.tables.map((x, j) => (j === ti ? { ...x, rows: x.rows.filter((_, k) => k !== r) } : x)) };
        const file = path.join(tmp, `age-minus-${ti}-${r}.sqlite`);
        writeDatabase(found.generator.shape, smaller, file);
        expect(await correctOn(file, input.gold, pred)).toBe(true);
      }
    }
  });

  it('renders CREATE TABLE / INSERT statements that rebuild the database, with both results side by side', async () => {
    const g = devGolds()[25]!;
    const pred = g.sql.replace('>', '>=');
    const input = suiteInput(g.dbId, g.sql);
    const found = await minimalCounterexample(input, pred, path.join(tmp, 'join'), { executor: pool });
    if (found.kind !== 'found') throw new Error('no counterexample');
    expect(found.rows).toBeLessThanOrEqual(3);
    const report = await counterexampleReport(found.generator.shape, found.database, found.file, g.sql, pred, pool);
    expect(report.gold.outcome.kind).toBe('rows');
    const replayed = path.join(tmp, 'replayed.sqlite');
    const db = new Database(replayed);
    db.exec(report.statements.join('\n'));
    db.close();
    expect(await correctOn(replayed, g.sql, pred)).toBe(false);
    const text = formatCounterexample(report);
    expect(text).toContain('CREATE TABLE "concert"');
    expect(text).toMatch(/INSERT INTO "concert" .* VALUES \(/);
    expect(text).toMatch(/^gold +\| pred {3}\(row order compared\)$/m);
    expect(text).toContain('(no rows)');
  });

  it('says so when no database tells an equivalent prediction apart', async () => {
    const input = suiteInput('concert_singer', 'SELECT count(*) FROM singer WHERE age > 20');
    const none = await minimalCounterexample(input, 'SELECT count(*) FROM singer WHERE 20 < age', path.join(tmp, 'same'), { executor: pool }, { candidates: 20 });
    expect(none).toMatchObject({ kind: 'none', tried: 20 });
  });
});

describe('results that depend on row order', () => {
  requireData([...requiredFiles, path.join(path.dirname(paths.root), 'predictions', 'nl2sql360-ftsize2-resdsql_text2sql_3b-4000', 'pred.sql')], fetchData.predictions);
  let pool: SqlitePool;
  let tmp: string;
  beforeAll(() => {
    pool = new SqlitePool({ size: 1 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-suites-order-'));
  });
  afterAll(async () => {
    await pool?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prediction 132 of resdsql-3b orders groups by a count that is 1 for all of them and takes LIMIT 1: a tie; its gold has none', async () => {
    const predFile = path.join(path.dirname(paths.root), 'predictions', 'nl2sql360-ftsize2-resdsql_text2sql_3b-4000', 'pred.sql');
    const pred = fs.readFileSync(predFile, 'utf8').split('\n')[132]!;
    const g = devGolds()[132]!;
    expect(g.dbId).toBe('car_1');
    const car = paths.database('car_1');
    expect(await orderTies(car, pred, pool)).toEqual({ kind: 'ties', at: 0 });
    expect(await orderTies(car, g.sql, pool)).toEqual({ kind: 'no-ties' });
    expect(await orderTies(car, 'SELECT count(*) FROM cars_data', pool)).toEqual({ kind: 'unordered' });
    // Reversing the physical order of rows does not show this tie (GROUP BY fixes the group order).
    const copy = path.join(tmp, 'car_1.reversed.sqlite');
    writeReversedCopy(car, copy);
    expect(await dependsOnRowOrder(car, copy, pred, { executor: pool })).toBe(false);
  });

  it('a LIMIT without ORDER BY depends on the physical order of rows; unordered golds do not', async () => {
    // singer's key is `int`, not INTEGER PRIMARY KEY: rows are scanned in insertion order.
    const db = paths.database('concert_singer');
    const copy = path.join(tmp, 'concert_singer.reversed.sqlite');
    writeReversedCopy(db, copy);
    expect(await dependsOnRowOrder(db, copy, 'SELECT Name FROM singer LIMIT 3', { executor: pool })).toBe(true);
    for (const other of devGolds().filter((x) => x.dbId === 'concert_singer' && !/limit/i.test(x.sql))) {
      expect(await dependsOnRowOrder(db, copy, other.sql, { executor: pool }), other.sql).toBe(false);
    }
  });
});

describe('auditing gold queries for row-order dependence', () => {
  requireData(requiredFiles, fetchSpider);
  let pool: SqlitePool;
  let tmp: string;
  beforeAll(() => {
    pool = new SqlitePool({ size: 1 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-suites-audit-'));
  });
  afterAll(async () => {
    await pool?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('flags the concert_singer golds that take the most frequent year, where two years tie', async () => {
    const golds = devGolds()
      .map((g, index) => ({ index, dbId: g.dbId, gold: g.sql, databaseFile: paths.database(g.dbId) }))
      .filter((g) => g.dbId === 'concert_singer');
    const found = await auditGoldOrder(golds, tmp, pool);
    expect(found.find((a) => a.index === 26)).toEqual({ index: 26, dbId: 'concert_singer', rowOrder: false, tieAt: 0 });
    // The tie, seen directly: the two most frequent years have as many concerts.
    const db = new Database(paths.database('concert_singer'), { readonly: true });
    const [first, second] = db.prepare('SELECT count(*) FROM concert GROUP BY year ORDER BY count(*) DESC LIMIT 2').pluck().all() as number[];
    db.close();
    expect(first).toBe(second);
    // Every flagged gold orders or limits its rows; no unordered, unlimited gold is flagged.
    for (const a of found) expect(devGolds()[a.index]!.sql).toMatch(/order by|limit/i);
    expect(found.length).toBeLessThan(golds.length / 4);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
