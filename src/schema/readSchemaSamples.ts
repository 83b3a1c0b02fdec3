import Database from 'better-sqlite3';
import { InputError } from '../data/InputError.ts';
import type { Schema } from './Schema.ts';
import type { SchemaSamples, SqlValue } from './SchemaSamples.ts';
import { quoteIdentifier } from './_internals/identifiers.ts';
import fs from 'node:fs';

export interface ReadSchemaSamplesOptions {
  /** First rows per table, for `ddl+rows(k)`. Default 3. */
  rows?: number;
  /** Distinct values per column, for `mschema(k)`. Default 3. */
  values?: number;
}

/**
 * Reads, for every table of `schema`, its first rows (rowid order: deterministic, no seed needed)
 * and the first distinct non-null, non-empty values of each column. Integers come back as bigint.
 * Takes a file (opened read-only) or an open better-sqlite3 database.
 */
export function readSchemaSamples(source: string | Database.Database, schema: Schema, options: ReadSchemaSamplesOptions = {}): SchemaSamples {
  const rowCount = options.rows ?? 3;
  const valueCount = options.values ?? 3;
  if (typeof source !== 'string') return read(source, schema, rowCount, valueCount);
  if (!fs.existsSync(source)) throw new InputError('no such SQLite database', { file: source });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    return read(db, schema, rowCount, valueCount);
  } finally {
    db.close();
  }
}

function read(db: Database.Database, schema: Schema, rowCount: number, valueCount: number): SchemaSamples {
  const q = (name: string) => quoteIdentifier(name, 'always');
  const rows = new Map<string, SqlValue[][]>();
  const values = new Map<string, Map<string, SqlValue[]>>();
  for (const table of schema.tables) {
    const columns = table.columns.map((c) => q(c.name)).join(', ');
    const select = db.prepare(`SELECT ${columns} FROM ${q(table.name)} LIMIT ?`).raw(true).safeIntegers(true);
    rows.set(table.name, rowCount > 0 ? (select.all(rowCount) as SqlValue[][]) : []);
    const perColumn = new Map<string, SqlValue[]>();
    for (const column of table.columns) {
      if (valueCount === 0) {
        perColumn.set(column.name, []);
        continue;
      }
      const c = q(column.name);
      const distinct = db
        .prepare(`SELECT DISTINCT ${c} FROM ${q(table.name)} WHERE ${c} IS NOT NULL AND ${c} <> '' LIMIT ?`)
        .pluck(true)
        .safeIntegers(true);
      perColumn.set(column.name, distinct.all(valueCount) as SqlValue[]);
    }
    values.set(table.name, perColumn);
  }
  return { rows, values };
}
