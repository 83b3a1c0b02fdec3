import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaFromSqlite } from '../../src/schema/schemaFromSqlite.ts';
import { databaseArbitrary } from '../../src/suites/databaseArbitrary.ts';
import { formatCounterexample } from '../../src/suites/formatCounterexample.ts';
import { databaseStatements } from '../../src/suites/counterexampleReport.ts';
import { readDatabaseShape } from '../../src/suites/readDatabaseShape.ts';
import { generatedDatabaseHash, writeDatabase } from '../../src/suites/writeDatabase.ts';
import { fcParams } from '../support/fastCheck.ts';

/** A small database with what Spider has only here and there: a self reference, a cycle, UNIQUE, a composite key, an empty table with a CHECK. */
const DDL = `
CREATE TABLE a (id INTEGER PRIMARY KEY, code TEXT UNIQUE, parent INT REFERENCES a(id));
CREATE TABLE b (x INT, y INT, PRIMARY KEY (x, y), FOREIGN KEY (x) REFERENCES c(id));
CREATE TABLE c (id INT PRIMARY KEY, bref INT REFERENCES b(x), "odd ""name""" TEXT);
CREATE TABLE e (v REAL CHECK (v > 0), blob_col BLOB);
INSERT INTO a VALUES (1, 'x', NULL), (2, 'y', 1), (3, 'z', 1);
INSERT INTO c VALUES (10, 5, 'q'), (11, 6, 'r');
INSERT INTO b VALUES (10, 1), (10, 2), (11, 1);
`;

describe('generation on a database with self references, cycles, UNIQUE and an empty table', () => {
  let tmp: string;
  let file: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-suites-edge-'));
    file = path.join(tmp, 'edge.sqlite');
    const db = new Database(file);
    db.pragma('foreign_keys = OFF');
    db.exec(DDL);
    db.close();
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('keeps every key unique and every acyclic reference pointing at a row', () => {
    const shape = readDatabaseShape(schemaFromSqlite(file), file, undefined, { maxRows: 4 });
    expect(shape.tables.find((t) => t.name === 'a')!.uniqueKeys).toEqual([['id'], ['code']]);
    const e = shape.tables.find((t) => t.name === 'e')!;
    expect(e.columns[0]!.domain.every((v) => typeof v === 'number' && v > 0)).toBe(true);
    let selfRefs = 0;
    fc.assert(
      fc.property(databaseArbitrary(shape, { maxRows: 4 }), (gen) => {
        const out = path.join(tmp, `${generatedDatabaseHash(gen)}.sqlite`);
        expect(writeDatabase(shape, gen, out)).toBe(0);
        const db = new Database(out, { readonly: true });
        const one = (sql: string) => db.prepare(sql).pluck().get();
        expect(one('SELECT count(*) FROM (SELECT code FROM a GROUP BY code HAVING count(*) > 1)')).toBe(0);
        expect(one('SELECT count(*) FROM (SELECT 1 FROM b GROUP BY x, y HAVING count(*) > 1)')).toBe(0);
        expect(one('SELECT count(*) FROM a AS c WHERE c.parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM a AS p WHERE p.id = c.parent)')).toBe(0);
        expect(one('SELECT count(*) FROM b WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.id = b.x)')).toBe(0);
        expect(one('SELECT count(*) FROM c WHERE bref IS NULL')).toBe(0);
        expect(one("SELECT count(*) FROM e WHERE typeof(v) != 'real'")).toBe(0);
        selfRefs += one('SELECT count(*) FROM a WHERE parent IS NOT NULL') as number;
        db.close();
      }),
      fcParams(25),
    );
    expect(selfRefs).toBeGreaterThan(0);
  });

  it('writes statements that SQLite reads back to the same values and storage classes', () => {
    const shape = readDatabaseShape(schemaFromSqlite(file), file);
    const gen = {
      tables: shape.tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name), rows: [] as (bigint | number | string | Uint8Array | null)[][] })),
    };
    gen.tables.find((t) => t.name === 'e')!.rows.push([2, new Uint8Array([0, 255])], [1.5, null], [Infinity, "it's"]);
    gen.tables.find((t) => t.name === 'c')!.rows.push([12n, 9007199254740993n, 'O\'Brien "x"']);
    const statements = databaseStatements(shape, gen);
    // e and c have rows; c references b, and b references c: three tables, not a.
    expect(statements.filter((s) => s.startsWith('CREATE TABLE')).map((s) => s.split(' ')[2])).toEqual(['b', 'c', 'e']);
    const db = new Database(':memory:');
    db.pragma('foreign_keys = OFF'); // c → b(x) names a column that is not unique: SQLite refuses it when enforcing
    db.defaultSafeIntegers(true);
    db.exec(statements.join('\n'));
    expect(db.prepare('SELECT v, typeof(v), blob_col FROM e').raw().all()).toEqual([
      [2, 'real', Buffer.from([0, 255])],
      [1.5, 'real', null],
      [Infinity, 'real', "it's"],
    ]);
    expect(db.prepare('SELECT * FROM c').raw().all()).toEqual([[12n, 9007199254740993n, 'O\'Brien "x"']]);
    db.close();
  });

  it('shows failed queries in the side-by-side results', () => {
    const text = formatCounterexample({
      statements: ['CREATE TABLE t (x);'],
      gold: { sql: 'SELECT x FROM t', outcome: { kind: 'rows', rows: [[1n], [2.5], ['a']], ms: 1 } },
      pred: { sql: 'SELECT y FROM t', outcome: { kind: 'error', message: 'no such column: y', ms: 1 } },
      orderMatters: false,
    });
    expect(text.split('\n').slice(3)).toEqual(['', 'gold | pred', '-----+-------------------------', '1    | error: no such column: y', '2.5  |', "'a'  |", '']);
    const timeout = formatCounterexample({
      statements: [],
      gold: { sql: 'g', outcome: { kind: 'rows', rows: [], ms: 1 } },
      pred: { sql: 'p', outcome: { kind: 'timeout', ms: 5, limitMs: 5 } },
      orderMatters: true,
    });
    expect(timeout.split('\n').slice(-3)).toEqual(['----------+---------------------', '(no rows) | timed out after 5 ms', '']);
    expect(timeout).toContain('gold      | pred   (row order compared)');
  });
});
