/**
 * Every representation of two small real Spider databases, as files under
 * fixtures/schema/snapshots/ that a person reviews by eye (and that change only on purpose: a
 * format change must also bump its version in Representation.ts). Beside each snapshot, checks
 * that do not depend on our own output: the tables SQLite lists, in its order, and the rows
 * SQLite returns.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { readSchemaSamples } from '../../src/schema/readSchemaSamples.ts';
import { representationId, type RepresentationName } from '../../src/schema/Representation.ts';
import { schemaFromSqlite } from '../../src/schema/schemaFromSqlite.ts';
import { serializeSchema } from '../../src/schema/serializeSchema.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);
const representations: RepresentationName[] = ['minimal', 'types', 'keys', 'types+keys', 'ddl', 'ddl+rows(3)', 'mschema(3)'];

describe.each(['concert_singer', 'pets_1'])('%s', (dbId) => {
  const file = paths.database(dbId);
  const present = fs.existsSync(file);
  const db = present ? new Database(file, { readonly: true }) : undefined;
  const tables = db ? (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid").pluck().all() as string[]) : [];
  db?.close();
  requireData([file], fetchData.spider);

  it.each(representations)('%s', async (rep) => {
    const schema = schemaFromSqlite(file);
    const samples = readSchemaSamples(file, schema);
    const text = serializeSchema(schema, rep, { samples });
    const fileName = representationId(rep).replace('+', '_').replace(/\((\d+)\)/, '-$1').replace('@', '.v');
    await expect(text + '\n').toMatchFileSnapshot(`../../fixtures/schema/snapshots/${dbId}.${fileName}.txt`);

    if (['minimal', 'types', 'keys', 'types+keys'].includes(rep)) {
      expect(text.split('\n').slice(0, tables.length).map((l) => l.slice(0, l.indexOf('(')))).toEqual(tables);
    }
    if (rep.startsWith('ddl')) {
      expect([...text.matchAll(/^CREATE TABLE (\S+) \($/gm)].map((m) => m[1])).toEqual(tables);
    }
    if (rep === 'mschema(3)') {
      expect(text.split('\n')[0]).toBe(`【DB_ID】 ${dbId}`);
      expect([...text.matchAll(/^# Table: (.+)$/gm)].map((m) => m[1])).toEqual(tables);
    }
  });

  it('ddl+rows(3) shows the rows SQLite returns, in order, tab-separated', () => {
    const text = serializeSchema(schemaFromSqlite(file), 'ddl+rows(3)', { samples: readSchemaSamples(file, schemaFromSqlite(file)) });
    const conn = new Database(file, { readonly: true });
    try {
      for (const table of tables) {
        const rows = conn.prepare(`SELECT * FROM "${table}" LIMIT 3`).raw().safeIntegers().all() as unknown[][];
        const block = text.slice(text.indexOf(`SELECT * FROM ${table} LIMIT 3;`)).split('\n').slice(2, 2 + rows.length);
        // Integers and plain words print as themselves (what a person would type).
        expect(block.map((l) => l.split('\t').length)).toEqual(rows.map((r) => r.length));
        rows.forEach((r, i) =>
          r.forEach((v, j) => {
            if (typeof v === 'bigint') expect(block[i]!.split('\t')[j]).toBe(String(v));
            if (typeof v === 'number') expect(Number(block[i]!.split('\t')[j])).toBe(v);
            if (typeof v === 'string' && /^[A-Za-z][A-Za-z' ]*[A-Za-z]$/.test(v)) expect(block[i]!.split('\t')[j]).toBe(v);
          }),
        );
      }
    } finally {
      conn.close();
    }
  });
});
