import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParserSchema } from '../../src/sql/parse/loadParserSchema.ts';
import { parseSpiderSql } from '../../src/sql/parse/parseSpiderSql.ts';
import { databaseArbitrary } from '../../src/suites/databaseArbitrary.ts';
import type { CellValue, GeneratedDatabase } from '../../src/suites/DatabaseShape.ts';
import { goldLiterals, likeNeighbours } from '../../src/suites/goldLiterals.ts';
import { cellKey, readDatabaseShape } from '../../src/suites/readDatabaseShape.ts';
import { suiteGenerator } from '../../src/suites/suiteGenerator.ts';
import { generatedDatabaseHash, writeDatabase } from '../../src/suites/writeDatabase.ts';
import { fcParams } from '../support/fastCheck.ts';
import { requireData } from '../support/requireData.ts';
import { fetchSpider, paths, requiredFiles, schemaOf, specDatabases, suiteInput } from './support/suiteData.ts';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

function hintsFor(dbId: string, sql: string) {
  const parsed = parseSpiderSql(sql, loadParserSchema(paths.database(dbId)));
  if (!parsed.ok) throw new Error(`gold does not parse: ${sql}`);
  return goldLiterals(parsed.sql);
}

describe('gold literals and their boundary neighbours', () => {
  requireData(requiredFiles, fetchSpider);

  it('age > 20 gives 19, 20, 21; ORDER BY columns are order keys', () => {
    const hints = hintsFor('concert_singer', "SELECT name FROM singer WHERE age > 20 AND country = 'France' ORDER BY song_release_year");
    expect(hints.literals.get('singer.age')).toEqual([19n, 20n, 21n]);
    expect(hints.literals.get('singer.country')).toContain('France');
    expect(hints.literals.get('singer.country')).toContain('france');
    expect([...hints.orderKeys]).toEqual(['singer.song_release_year']);
  });

  it('BETWEEN bounds, reals, nested queries and HAVING aggregates', () => {
    const hints = hintsFor('concert_singer', 'SELECT name FROM singer WHERE age BETWEEN 20 AND 30.5 AND singer_id IN (SELECT singer_id FROM singer_in_concert WHERE concert_id > 2) GROUP BY country HAVING count(*) > 1');
    expect(hints.literals.get('singer.age')).toEqual([19n, 20n, 21n, 29.5, 30, 30.5, 31, 31.5]);
    expect(hints.literals.get('singer_in_concert.concert_id')).toEqual([1n, 2n, 3n]);
    expect([...hints.literals.keys()].sort()).toEqual(['singer.age', 'singer_in_concert.concert_id']);
  });

  it('LIKE patterns give strings SQLite matches and strings it does not', () => {
    const db = new Database(':memory:');
    for (const pattern of ['%an%', 'a%', '%son', 'J_n%', '%']) {
      const verdicts = likeNeighbours(pattern).map((s) => db.prepare('SELECT ? LIKE ?').pluck().get(s, pattern));
      expect(verdicts, pattern).toContain(1);
      if (pattern !== '%') expect(verdicts, pattern).toContain(0);
    }
    db.close();
  });
});

describe('database arbitraries on real Spider databases', () => {
  requireData(requiredFiles, fetchSpider);
  let tmp: string;
  beforeAll(() => void (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-suites-arb-'))));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each(specDatabases)('%s: declared types, unique keys, foreign keys to existing rows, NULLs and values as the original', (dbId) => {
    const file = paths.database(dbId);
    const schema = schemaOf(dbId);
    const shape = readDatabaseShape(schema, file);
    const original = new Database(file, { readonly: true });
    const tableInfo = (db: Database.Database, t: string) => db.prepare(`SELECT name, type, pk FROM pragma_table_info(?)`).all(t);
    fc.assert(
      fc.property(databaseArbitrary(shape, { maxRows: 4 }), (gen: GeneratedDatabase) => {
        const out = path.join(tmp, `${generatedDatabaseHash(gen)}.sqlite`);
        expect(writeDatabase(shape, gen, out)).toBe(0);
        const db = new Database(out, { readonly: true });
        try {
          for (const [ti, table] of schema.tables.entries()) {
            const t = q(table.name);
            expect(tableInfo(db, table.name)).toEqual(tableInfo(original, table.name));
            const rows = db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
            expect(rows).toBe(gen.tables[ti]!.rows.length);
            expect(rows).toBeLessThanOrEqual(4);
            if (table.primaryKey.length > 0) {
              const dup = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM ${t} GROUP BY ${table.primaryKey.map(q).join(', ')} HAVING count(*) > 1)`).pluck().get();
              expect(dup, `${table.name} primary key`).toBe(0);
            }
            for (const fk of table.foreignKeys) {
              const cond = fk.columns.map((c, i) => `p.${q(fk.refColumns[i]!)} = c.${q(c)}`).join(' AND ');
              const notNull = fk.columns.map((c) => `c.${q(c)} IS NOT NULL`).join(' AND ');
              const dangling = db.prepare(`SELECT count(*) FROM ${t} AS c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${q(fk.refTable)} AS p WHERE ${cond})`).pluck().get();
              expect(dangling, `${table.name}(${fk.columns}) → ${fk.refTable}`).toBe(0);
            }
            for (const [ci, col] of table.columns.entries()) {
              const shapeCol = shape.tables[ti]!.columns[ci]!;
              const nulls = db.prepare(`SELECT count(*) FROM ${t} WHERE ${q(col.name)} IS NULL`).pluck().get() as number;
              const originalNulls = original.prepare(`SELECT count(*) FROM ${t} WHERE ${q(col.name)} IS NULL`).pluck().get() as number;
              if (originalNulls === 0) expect(nulls, `${table.name}.${col.name} has no NULL in the original`).toBe(0);
              const inFk = table.foreignKeys.some((fk) => fk.columns.includes(col.name));
              if (!inFk) {
                const domain = new Set(shapeCol.domain.map(cellKey));
                for (const row of gen.tables[ti]!.rows) {
                  const v = row[ci] as CellValue;
                  if (v !== null) expect(domain.has(cellKey(v)), `${table.name}.${col.name} = ${String(v)}`).toBe(true);
                }
              }
            }
          }
        } finally {
          db.close();
        }
      }),
      fcParams(6),
    );
    original.close();
  });

  it('draws the literals the gold compares against, and keeps ORDER BY keys free of ties', () => {
    const generator = suiteGenerator(suiteInput('concert_singer', 'SELECT name FROM singer WHERE age > 20 ORDER BY song_release_year'));
    const singers = fc.sample(generator.arbitrary, { seed: 7, numRuns: 60 }).map((d) => d.tables.find((t) => t.name === 'singer')!);
    const ageAt = singers[0]!.columns.indexOf('Age');
    const yearAt = singers[0]!.columns.indexOf('Song_release_year');
    const ages = new Set(singers.flatMap((t) => t.rows.map((r) => r[ageAt])));
    for (const boundary of [19n, 20n, 21n]) expect(ages.has(boundary), `age ${boundary}`).toBe(true);
    for (const t of singers) {
      const years = t.rows.map((r) => cellKey(r[yearAt] ?? null));
      expect(new Set(years).size).toBe(years.length);
    }
  });

  it('reproducible from the seed; maxRows bounds every table', () => {
    const shape = readDatabaseShape(schemaOf('car_1'), paths.database('car_1'));
    const a = fc.sample(databaseArbitrary(shape, { maxRows: 2 }), { seed: 3, numRuns: 10 });
    const b = fc.sample(databaseArbitrary(shape, { maxRows: 2 }), { seed: 3, numRuns: 10 });
    expect(a.map(generatedDatabaseHash)).toEqual(b.map(generatedDatabaseHash));
    for (const d of a) for (const t of d.tables) expect(t.rows.length).toBeLessThanOrEqual(2);
    expect(() => databaseArbitrary(shape, { maxRows: 0 })).toThrow(RangeError);
  });
});
