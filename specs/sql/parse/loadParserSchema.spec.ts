import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParserSchema } from '../../../src/sql/parse/loadParserSchema.ts';
import { parserSchemaFromTables } from '../../../src/sql/parse/parserSchemaFromTables.ts';

describe('loadParserSchema (official get_schema + Schema)', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-schema-'));
    file = path.join(dir, 'db.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE Singer (Singer_ID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT); CREATE TABLE "Order" (id INT, Total REAL); CREATE VIEW v AS SELECT 1;');
    db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every table (sqlite_sequence too, views not), lower-cased, in file order', () => {
    const s = loadParserSchema(file);
    expect([...s.tables]).toEqual([
      ['singer', ['singer_id', 'name']],
      ['sqlite_sequence', ['name', 'seq']],
      ['order', ['id', 'total']],
    ]);
  });

  it('builds the official id map: * first, then table.column, then tables', () => {
    const s = loadParserSchema(file);
    expect([...s.idMap]).toEqual([
      ['*', '__all__'],
      ['singer.singer_id', '__singer.singer_id__'],
      ['singer.name', '__singer.name__'],
      ['sqlite_sequence.name', '__sqlite_sequence.name__'],
      ['sqlite_sequence.seq', '__sqlite_sequence.seq__'],
      ['order.id', '__order.id__'],
      ['order.total', '__order.total__'],
      ['singer', '__singer__'],
      ['sqlite_sequence', '__sqlite_sequence__'],
      ['order', '__order__'],
    ]);
  });

  it('agrees with a tables.json entry that describes the same tables', () => {
    const fromJson = parserSchemaFromTables({
      db_id: 'db',
      table_names_original: ['Singer', 'Order'],
      column_names_original: [
        [-1, '*'],
        [0, 'Singer_ID'],
        [0, 'Name'],
        [1, 'id'],
        [1, 'Total'],
      ],
      foreign_keys: [],
    });
    const fromFile = loadParserSchema(file);
    expect([...fromJson.tables]).toEqual([...fromFile.tables].filter(([t]) => t !== 'sqlite_sequence'));
  });
});
