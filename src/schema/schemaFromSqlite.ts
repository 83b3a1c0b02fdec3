import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../data/InputError.ts';
import type { Schema } from './Schema.ts';
import { introspect, type DanglingForeignKey } from './_internals/introspect.ts';

export type { DanglingForeignKey } from './_internals/introspect.ts';

export interface SchemaFromSqliteOptions {
  /** Default: the file name without extension (`concert_singer.sqlite` → `concert_singer`);
   *  'memory' for an open in-memory database. */
  dbId?: string;
  /** `sqlite_sequence` and other `sqlite_*` tables. Default 'omit'. */
  internalTables?: 'omit' | 'keep';
  /** Foreign keys that name a missing table or column are left out of the schema (they cannot be
   *  shown as a join); this hears about each one. Spider has two: imdb `tags.kid → keyword.kid`,
   *  restaurants `LOCATION.RESTAURANT_ID → RESTAURANT.RESTAURANT_ID`. */
  onDanglingForeignKey?: (fk: DanglingForeignKey) => void;
}

/**
 * The schema of a SQLite database, read from `sqlite_master`, `pragma_table_info` and
 * `pragma_foreign_key_list`: declared types, whole (composite) primary keys in key order, and
 * foreign keys grouped as declared, with referenced names spelled as their tables spell them.
 * Takes a file (opened read-only) or an open better-sqlite3 database.
 */
export function schemaFromSqlite(source: string | Database.Database, options: SchemaFromSqliteOptions = {}): Schema {
  const settings = {
    internalTables: options.internalTables ?? 'omit',
    onDanglingForeignKey: options.onDanglingForeignKey ?? (() => {}),
  };
  if (typeof source !== 'string') return introspect(source, options.dbId ?? 'memory', settings);
  if (!fs.existsSync(source)) throw new InputError('no such SQLite database', { file: source });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    return introspect(db, options.dbId ?? path.basename(source).replace(/\.[^.]*$/, ''), settings);
  } finally {
    db.close();
  }
}
