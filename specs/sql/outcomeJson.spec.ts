import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import type { ExecOutcome } from '../../src/sql/ExecOutcome.ts';
import { FileGoldCache } from '../../src/sql/FileGoldCache.ts';
import type { PyValue } from '../../src/sql/PyValue.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { decodeOutcomes, encodeOutcomes } from '../../src/sql/_internals/outcomeJson.ts';
import { fcParams } from '../support/fastCheck.ts';

// Every Python type a cell can hold, with the values JSON cannot say on its own.
const cell: fc.Arbitrary<PyValue> = fc.oneof(
  fc.constant(null),
  fc.bigInt(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.double(), // includes -0, ±Infinity, NaN and integral doubles such as 1.0
  fc.string({ unit: 'binary' }), // lone surrogates too
  fc.uint8Array({ maxLength: 8 }),
);
const outcome: fc.Arbitrary<ExecOutcome> = fc.oneof(
  fc.record({ kind: fc.constant('rows' as const), rows: fc.array(fc.array(cell, { maxLength: 4 }), { maxLength: 5 }), ms: fc.double({ min: 0, max: 1e4, noNaN: true }) }),
  fc.record({ kind: fc.constant('error' as const), message: fc.string(), ms: fc.double({ min: 0, max: 1e4, noNaN: true }) }),
);

/** Exact comparison: 1n and 1.0 differ, -0 and 0 differ, NaN equals NaN, bytes by content. */
function sameCell(a: PyValue, b: PyValue): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
  return typeof a === typeof b && Object.is(a, b);
}

describe('gold cache codec (outcomeJson)', () => {
  test.prop([fc.array(fc.tuple(fc.string(), outcome), { maxLength: 6 })], fcParams(300))('decode(encode(table)) gives back every value with its Python type', (entries) => {
    const table = new Map(entries);
    const back = decodeOutcomes(encodeOutcomes(table));
    expect([...back.keys()]).toEqual([...table.keys()]);
    for (const [key, o] of table) {
      const b = back.get(key)!;
      expect(b.kind).toBe(o.kind);
      if (o.kind !== 'rows' || b.kind !== 'rows') {
        expect(b).toEqual(o);
        continue;
      }
      expect(b.rows.length).toBe(o.rows.length);
      o.rows.forEach((row, r) => {
        expect(b.rows[r]!.length).toBe(row.length);
        row.forEach((v, c) => expect(sameCell(b.rows[r]![c]!, v), `row ${r} col ${c}: ${String(v)}`).toBe(true));
      });
    }
  });

  it('keeps the types apart that Python keeps apart: 1 (int), 1.0 (float), "1" (str), b"1" (bytes)', () => {
    const rows: PyValue[][] = [[1n, 1, '1', new Uint8Array([49])], [2n ** 64n, -0, Infinity, null]];
    const back = decodeOutcomes(encodeOutcomes([['q', { kind: 'rows', rows, ms: 1 }]])).get('q')!;
    if (back.kind !== 'rows') throw new Error('expected rows');
    expect(back.rows[0]!.map((v) => (v instanceof Uint8Array ? 'bytes' : typeof v))).toEqual(['bigint', 'number', 'string', 'bytes']);
    expect(back.rows[1]![0]).toBe(2n ** 64n);
    expect(Object.is(back.rows[1]![1], -0)).toBe(true);
    expect(back.rows[1]![2]).toBe(Infinity);
  });

  it('rejects text it did not write', () => {
    expect(() => decodeOutcomes('{"a": 1}')).toThrow();
    expect(() => decodeOutcomes('[1]')).toThrow();
  });
});

describe('FileGoldCache on disk, with real Spider results', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-goldcache-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a result read back from disk equals the one the query process produced, cell by cell', async () => {
    const spider = spiderPaths(resolveDataRoot({}).dir);
    const db = spider.database('world_1');
    const queries = [
      'SELECT Name, Population, LifeExpectancy, GNP FROM country ORDER BY Code', // ints, floats, NULLs
      'SELECT avg(LifeExpectancy), sum(Population) FROM country',
      "SELECT Name FROM city WHERE Name LIKE 'S%o'", // non-ASCII text
      'SELECT no_such_column FROM city', // an SQL error is cached too
    ];
    const pool = new SqlitePool({ size: 1 });
    const produced = await Promise.all(queries.map((q) => pool.execute(db, q)));
    await pool.close();
    const writer = new FileGoldCache(tmp);
    queries.forEach((q, i) => writer.set(db, q, produced[i]!));
    writer.flush();
    const reader = new FileGoldCache(tmp);
    for (const [i, q] of queries.entries()) {
      const back = reader.get(db, q);
      const original = produced[i]!;
      expect(back?.kind).toBe(original.kind);
      if (original.kind === 'rows' && back?.kind === 'rows') {
        expect(back.rows.length).toBe(original.rows.length);
        original.rows.forEach((row, r) => row.forEach((v, c) => expect(sameCell(back.rows[r]![c]!, v)).toBe(true)));
      } else expect(back).toEqual(original);
    }
    expect(reader.hits).toBe(queries.length);
    expect(produced[0]!.kind === 'rows' && produced[0]!.rows.some((row) => row.some((v) => typeof v === 'number'))).toBe(true);
  });

  it('writing removes the files of other formats and engines untouched for a day, and keeps the rest', () => {
    const dir = path.join(tmp, 'stale');
    fs.mkdirSync(dir);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const oldFormat = path.join(dir, 'v1-0835e530a623-abc.bin');
    const recentOther = path.join(dir, 'v2-ffffffffffff-abc.json');
    const unrelated = path.join(dir, 'notes.txt');
    for (const f of [oldFormat, recentOther, unrelated]) fs.writeFileSync(f, 'x');
    for (const f of [oldFormat, unrelated]) fs.utimesSync(f, twoDaysAgo, twoDaysAgo);
    const cache = new FileGoldCache(dir);
    const db = spiderPaths(resolveDataRoot({}).dir).database('concert_singer');
    cache.set(db, 'SELECT 1', { kind: 'rows', rows: [[1n]], ms: 1 });
    cache.flush();
    expect(fs.existsSync(oldFormat)).toBe(false);
    expect(fs.existsSync(recentOther)).toBe(true); // another version may be using it right now
    expect(fs.existsSync(unrelated)).toBe(true);
    expect(new FileGoldCache(dir).get(db, 'SELECT 1')).toEqual({ kind: 'rows', rows: [[1n]], ms: 1 });
  });
});
