import { InputError } from '../data/InputError.ts';
import { parseJsonText, readTextFile } from '../data/readTextFile.ts';

/** One database of Spider's `tables.json`, as its authors wrote it (column index 0 is `*`). */
export interface TablesJsonEntry {
  readonly db_id: string;
  readonly table_names_original: readonly string[];
  readonly table_names: readonly string[];
  readonly column_names_original: readonly (readonly [number, string])[];
  readonly column_names: readonly (readonly [number, string])[];
  readonly column_types: readonly string[];
  /** Column indices; later Spider-format files (BIRD, Spider 2) nest composite keys as arrays. */
  readonly primary_keys: readonly (number | readonly number[])[];
  readonly foreign_keys: readonly (readonly [number, number])[];
}

/**
 * Reads and checks the shape of a `tables.json` file. A missing, unreadable or malformed file, one
 * that lists no database, or one that lists a database twice is an InputError naming the file.
 */
export function readTablesJson(file: string): TablesJsonEntry[] {
  const data = parseJsonText(readTextFile(file), file);
  if (!Array.isArray(data)) throw new InputError('tables.json must hold an array of databases', { file });
  if (data.length === 0) throw new InputError('lists no databases', { file });
  const entries = data.map((entry, i) => checkEntry(entry, i, file));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.db_id)) throw new InputError(`database '${e.db_id}' is listed twice`, { file });
    seen.add(e.db_id);
  }
  return entries;
}

function checkEntry(entry: unknown, i: number, file: string): TablesJsonEntry {
  const fail = (what: string): never => {
    throw new InputError(`database #${i}: ${what}`, { file });
  };
  if (typeof entry !== 'object' || entry === null) return fail('not an object');
  const e = entry as Record<string, unknown>;
  if (typeof e.db_id !== 'string') fail('db_id must be a string');
  for (const key of ['table_names_original', 'table_names', 'column_types'] as const) {
    if (!Array.isArray(e[key]) || !(e[key] as unknown[]).every((x) => typeof x === 'string')) fail(`${key} must be an array of strings`);
  }
  for (const key of ['column_names_original', 'column_names'] as const) {
    const v = e[key];
    if (!Array.isArray(v) || !v.every((x) => Array.isArray(x) && x.length === 2 && Number.isInteger(x[0]) && typeof x[1] === 'string')) {
      fail(`${key} must be an array of [tableIndex, name] pairs`);
    }
  }
  const pks = e.primary_keys;
  if (!Array.isArray(pks) || !pks.every((p) => Number.isInteger(p) || (Array.isArray(p) && p.every((q) => Number.isInteger(q))))) {
    fail('primary_keys must be an array of column indices');
  }
  const fks = e.foreign_keys;
  if (!Array.isArray(fks) || !fks.every((f) => Array.isArray(f) && f.length === 2 && f.every((q) => Number.isInteger(q)))) {
    fail('foreign_keys must be an array of [column, column] index pairs');
  }
  return e as unknown as TablesJsonEntry;
}
