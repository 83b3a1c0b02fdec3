// The tie-order probe of a pair check (PairRequest.probeTieOrder): in the query process, after
// the check, the queries whose ORDER BY ties can change the verdict run again with their
// result columns appended as tie-breakers, and the parent gets one boolean per example.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { evaluateExecution } from '../../src/metrics/evaluateExecution.ts';
import type { PairOutcome, PairRequest } from '../../src/sql/ExecOutcome.ts';
import { prepareForExecution } from '../../src/sql/officialPreprocess.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { sameStatement, topLevelOrder, withTieBreak } from '../../src/sql/tieOrder.ts';
import { fetchData, present, requireData } from '../support/requireData.ts';
import { sqliteFile } from '../support/sqliteFile.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);
const set = 'nl2sql360-ftsize2-resdsql_text2sql_3b-4000';
const devGold = () =>
  fs
    .readFileSync(paths.devGold, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [sql, dbId] = l.split('\t') as [string, string];
      return { sql, dbId };
    });

describe('finding the top-level ORDER BY in the text', () => {
  it('finds where its terms end and whether a LIMIT follows; ignores ORDER BY in subqueries, windows, strings and comments', () => {
    const q = 'SELECT a FROM t ORDER BY a DESC LIMIT 1';
    expect(topLevelOrder(q)).toEqual({ end: q.indexOf('LIMIT'), limited: true });
    expect(topLevelOrder('select a from t order by a , b;  ')).toEqual({ end: 'select a from t order by a , b'.length, limited: false });
    expect(topLevelOrder('SELECT a FROM t LIMIT 3')).toBeNull();
    expect(topLevelOrder('SELECT a FROM t WHERE a = (SELECT a FROM t ORDER BY b LIMIT 1)')).toBeNull();
    expect(topLevelOrder('SELECT row_number() OVER (ORDER BY a) FROM t')).toBeNull();
    expect(topLevelOrder("SELECT 'order by x' FROM t -- order by y\n")).toBeNull();
    const u = 'SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 LIMIT 2';
    expect(topLevelOrder(u)).toEqual({ end: u.indexOf('LIMIT'), limited: true });
  });

  it('tells the same statement written with other spacing, comments or keyword case from another', () => {
    expect(sameStatement('SELECT Name FROM singer ORDER BY age', 'select name  from singer -- x\n order by AGE')).toBe(true);
    expect(sameStatement("SELECT name FROM singer WHERE name = 'A'", "SELECT name FROM singer WHERE name = 'a'")).toBe(false);
    expect(sameStatement('SELECT name FROM singer ORDER BY age', 'SELECT name FROM singer ORDER BY age DESC')).toBe(false);
    // ASC only repeats the default order of a term; a name "asc" is a name.
    expect(sameStatement('SELECT name FROM singer ORDER BY age, name LIMIT 1', 'select name from singer order by age asc , name ASC limit 1')).toBe(true);
    expect(sameStatement('SELECT name, asc FROM singer', 'SELECT name FROM singer')).toBe(false);
  });

  it('appends the result columns as tie-breakers before the LIMIT', () => {
    const q = 'SELECT a, b FROM t ORDER BY a LIMIT 1;';
    expect(withTieBreak(q, topLevelOrder(q)!, 2, 'DESC')).toBe('SELECT a, b FROM t ORDER BY a , 1 DESC, 2 DESC LIMIT 1;');
  });

  it('any text with the ORDER BY inside parentheses has no top-level ORDER BY (property)', () => {
    const word = fc.constantFrom('a', 'b', 'order', 'by', 'limit', '1', ',', 'x');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.array(word, { maxLength: 8 }), (inside, after) => {
        const sql = `SELECT (SELECT a FROM t ORDER BY ${inside.join(' ')}) FROM t ${after.filter((w) => w !== 'order').join(' ')}`;
        expect(topLevelOrder(sql)).toBeNull();
      }),
    );
  });

  describe('on the dev golds', () => {
    requireData([paths.devGold], fetchData.spider);
    it('every dev gold with a top-level ORDER BY runs with tie-breakers and returns the same number of rows', () => {
      const dbs = new Map<string, Database.Database>();
      let ordered = 0;
      for (const g of devGold()) {
        const sql = prepareForExecution(g.sql, g.sql).gold;
        const order = topLevelOrder(sql);
        if (!order) continue;
        ordered++;
        let db = dbs.get(g.dbId);
        if (!db) dbs.set(g.dbId, (db = new Database(paths.database(g.dbId), { readonly: true })));
        const rows = db.prepare(sql).raw(true).all() as unknown[][];
        const width = rows[0]?.length ?? 1;
        for (const direction of ['ASC', 'DESC'] as const) {
          expect(db.prepare(withTieBreak(sql, order, width, direction)).raw(true).all().length, sql).toBe(rows.length);
        }
      }
      for (const db of dbs.values()) db.close();
      expect(ordered).toBeGreaterThan(200);
    });
  });
});

describe('the tie probe in the query process', () => {
  let tmp: string;
  let pool: SqlitePool;
  /** t(k, v): k ties for v = 'a' and 'b' (k = 1), and is unique for 'c' (2) and 'd' (3). */
  let db: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-ties-'));
    db = sqliteFile(path.join(tmp, 'ties.sqlite'), "CREATE TABLE t (k INTEGER, v TEXT); INSERT INTO t VALUES (1, 'a'), (1, 'b'), (2, 'c'), (3, 'd');");
    pool = new SqlitePool({ size: 1 });
  });
  afterAll(async () => {
    await pool?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const check = async (gold: string, pred: string, orderMatters: boolean, more: Partial<PairRequest> = {}): Promise<PairOutcome> =>
    pool.check({ databases: [db], gold, pred, compare: { orderMatters, officialQuickReject: true }, budget: 1_000_000, probeTieOrder: true, ...more });
  const tieOrder = async (gold: string, pred: string, orderMatters: boolean): Promise<boolean | undefined> => {
    const o = await check(gold, pred, orderMatters);
    return o.kind === 'checked' ? o.tieOrder : undefined;
  };

  it('a LIMIT that cuts through a tie: the prediction may keep the gold row or the other', async () => {
    // The gold keeps 'a'; the prediction keeps whichever of 'a' and 'b' comes first.
    expect(await tieOrder("SELECT v FROM t WHERE v = 'a'", 'SELECT v FROM t ORDER BY k LIMIT 1', false)).toBe(true);
    // Cut below the tie: no tie order changes the kept rows.
    expect(await tieOrder("SELECT v FROM t WHERE k > 1", 'SELECT v FROM t ORDER BY k DESC LIMIT 2', false)).toBe(false);
    // A LIMIT that keeps the whole tie group keeps the same bag whatever the order.
    expect(await tieOrder("SELECT v FROM t WHERE k < 3", 'SELECT v FROM t ORDER BY k LIMIT 3', false)).toBe(false);
  });

  it('ties inside the result count only where row order is compared', async () => {
    const gold = 'SELECT v FROM t ORDER BY k';
    expect(await tieOrder(gold, 'SELECT v FROM t ORDER BY k, v', true)).toBe(true);
    expect(await tieOrder('SELECT v FROM t', 'SELECT v FROM t ORDER BY k', false)).toBe(false);
    // Tie-free orders: nothing to probe that could change.
    expect(await tieOrder('SELECT v FROM t ORDER BY v', 'SELECT v FROM t ORDER BY v DESC', true)).toBe(false);
    // The very same statement: the same list on any engine.
    expect(await tieOrder(gold, gold, true)).toBe(false);
    expect(await tieOrder(gold, 'select v from T order  by K', true)).toBe(false);
  });

  it('a verdict no tie order can change is not marked: other row counts, other columns, other bags, errors', async () => {
    expect(await tieOrder('SELECT v FROM t ORDER BY k', 'SELECT v FROM t ORDER BY k LIMIT 2', true)).toBe(false);
    expect(await tieOrder('SELECT v FROM t ORDER BY k', 'SELECT v, k FROM t ORDER BY k', true)).toBe(false);
    expect(await tieOrder('SELECT v FROM t ORDER BY k', "SELECT v || 'x' FROM t ORDER BY k", true)).toBe(false);
    expect(await tieOrder('SELECT v FROM t ORDER BY k', 'SELECT nope FROM t ORDER BY k', true)).toBe(false);
  });

  it('answers only where asked; the check itself is the same with and without the probe', async () => {
    const gold = "SELECT v FROM t WHERE v = 'a'";
    const pred = 'SELECT v FROM t ORDER BY k LIMIT 1';
    const asked = await check(gold, pred, false);
    const plain = await check(gold, pred, false, { probeTieOrder: false });
    expect(plain.kind === 'checked' && 'tieOrder' in plain).toBe(false);
    expect(asked.kind === 'checked' && asked.tieOrder).toBe(true);
    const timeless = (o: PairOutcome) => (o.kind === 'checked' ? o.checks.map((c) => JSON.stringify({ ...c, gold: { ...c.gold, ms: 0 }, pred: { ...c.pred, ms: 0 } })) : o.kind);
    expect(timeless(asked)).toEqual(timeless(plain));
  });
});

describe('a tie probe that overruns the time limit', () => {
  let tmp: string;
  let pool: SqlitePool;
  let db: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-ties-slow-'));
    // k ties for every row and is indexed; v is not.
    db = sqliteFile(
      path.join(tmp, 'slow.sqlite'),
      'CREATE TABLE t (k INTEGER, v INTEGER); CREATE INDEX tk ON t (k); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) INSERT INTO t SELECT 0, i FROM n;',
    );
    pool = new SqlitePool({ size: 1, limits: { timeoutMs: 500 } });
  });
  afterAll(async () => {
    await pool?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is given up: the check keeps its verdict and says nothing about ties', async () => {
    // The prediction reads one row through the index and counts once; with its result column
    // as a tie-breaker, the count runs for each of the 6,000 tied rows (36 million row visits).
    const pred = 'SELECT (SELECT count(*) FROM t AS a WHERE a.v < t.v) FROM t ORDER BY k LIMIT 1';
    const outcome = await pool.check({ databases: [db], gold: 'SELECT 1', pred, compare: { orderMatters: false, officialQuickReject: true }, budget: 1_000_000, probeTieOrder: true });
    expect(outcome.kind).toBe('checked');
    if (outcome.kind !== 'checked') return;
    expect(outcome.checks).toHaveLength(1);
    expect(outcome.checks[0]).toMatchObject({ gold: { kind: 'rows', rowCount: 1 }, pred: { kind: 'rows', rowCount: 1 }, comparison: 'different' });
    expect('tieOrder' in outcome).toBe(false);
    // The process under the probe was killed and replaced.
    expect(pool.spawned).toBe(2);
  });
});

describe('the regression case: prediction 132 of nl2sql360-ftsize2-resdsql_text2sql_3b-4000', () => {
  const predFile = publishedSetPaths(root, set).pred;
  requireData([paths.devGold, paths.database('car_1')], fetchData.spider);
  requireData([predFile], fetchData.predictions);
  let pool: SqlitePool;
  beforeAll(() => {
    pool = new SqlitePool({ size: 1 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('orders groups by a count(*) that is 1 for each and keeps one: its verdict is marked; the gold against itself is not', async () => {
    const golds = devGold();
    const preds = present([predFile]) ? fs.readFileSync(predFile, 'utf8').split('\n') : [];
    expect(golds[132]!.dbId).toBe('car_1');
    const examples = golds.slice(0, 140).map((g, index) => ({ index, dbId: g.dbId, gold: g.sql, pred: preds[index]! }));
    const env = { executor: pool, databases: (dbId: string) => [paths.database(dbId)] };
    const probed = await evaluateExecution(examples, env, { probeTieOrder: true });
    expect(probed.tieDependent).toContain(132);
    // Only examples where a top-level ORDER BY can matter are marked.
    for (const i of probed.tieDependent!) expect(topLevelOrder(examples[i]!.gold) ?? topLevelOrder(examples[i]!.pred)).not.toBeNull();
    const self = await evaluateExecution([{ ...examples[132]!, pred: examples[132]!.gold }], env, { probeTieOrder: true });
    expect(self.tieDependent).toEqual([]);
    // Not asked: no list, and the same verdicts.
    const plain = await evaluateExecution(examples, env);
    expect(plain.tieDependent).toBeNull();
    expect(plain.verdicts.map((v) => v.correct)).toEqual(probed.verdicts.map((v) => v.correct));
  });
});
