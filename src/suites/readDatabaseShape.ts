import Database from 'better-sqlite3';
import type { Schema } from '../schema/Schema.ts';
import type { CellValue, ColumnShape, DatabaseShape, TableShape } from './DatabaseShape.ts';
import type { GoldHints } from './goldLiterals.ts';
import { quoteIdent } from './_internals/quoteIdent.ts';
import { syntheticValues } from './_internals/syntheticValues.ts';

export interface ReadDatabaseShapeOptions {
  /** Distinct original values kept per column (most frequent first). Default 12. */
  valuesPerColumn?: number;
  /** Rows a generated table may have: unique columns get at least this many distinct values. Default 5. */
  maxRows?: number;
}

/** Original values kept for a column the gold compares against literals. */
const COMPARED_ORIGINALS = 3;

const NO_HINTS: GoldHints = { literals: new Map(), orderKeys: new Set() };

/**
 * What to generate for a database: the schema's tables with their original `CREATE TABLE`, each
 * column's value domain (values drawn from the original column, then the gold's literals and
 * their boundary neighbours; only 3 original values beside the literals of a column the gold
 * compares), NULL only where the original column holds NULLs, and the column
 * sets that must stay unique (primary key, UNIQUE constraints, the gold's ORDER BY columns).
 */
export function readDatabaseShape(schema: Schema, sqliteFile: string, hints: GoldHints = NO_HINTS, options: ReadDatabaseShapeOptions = {}): DatabaseShape {
  const perColumn = options.valuesPerColumn ?? 12;
  const maxRows = options.maxRows ?? 5;
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  try {
    const createOf = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE").pluck();
    const uniqueIndexes = db.prepare('SELECT name FROM pragma_index_list(?) WHERE "unique" = 1').pluck();
    const indexColumns = db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck();
    const tables = schema.tables.map((table): TableShape => {
      const t = quoteIdent(table.name);
      const orderCols = table.columns.filter((c) => hints.orderKeys.has(`${table.name}.${c.name}`.toLowerCase())).map((c) => [c.name]);
      const uniqueKeys = dedupeKeys([
        ...(table.primaryKey.length > 0 ? [table.primaryKey] : []),
        ...(uniqueIndexes.all(table.name) as string[]).map((ix) => indexColumns.all(ix) as (string | null)[]).filter((cols): cols is string[] => cols.every((c) => c !== null)),
        ...orderCols,
      ]);
      const unique = new Set(uniqueKeys.flat().map((c) => c.toLowerCase()));
      const columns = table.columns.map((col): ColumnShape => {
        const c = quoteIdent(col.name);
        const original = db.prepare(`SELECT ${c} FROM ${t} WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY count(*) DESC, ${c} LIMIT ${perColumn}`).pluck().all() as CellValue[];
        const nullable = db.prepare(`SELECT 1 FROM ${t} WHERE ${c} IS NULL LIMIT 1`).pluck().get() !== undefined;
        const literals = hints.literals.get(`${table.name}.${col.name}`.toLowerCase()) ?? [];
        // A column the gold compares keeps fewer original values, so its literals come up often.
        const kept = literals.length > 0 ? original.slice(0, COMPARED_ORIGINALS) : original;
        let domain = distinct([...kept.slice(0, 1), ...literals, ...kept.slice(1)]);
        const wanted = unique.has(col.name.toLowerCase()) ? maxRows : 1;
        if (domain.length < wanted) domain = distinct([...domain, ...syntheticValues(col.declaredType ?? '', domain, wanted - domain.length)]);
        return { name: col.name, declaredType: col.declaredType ?? '', domain, nullable };
      });
      const createSql = (createOf.get(table.name) as string | undefined) ?? `CREATE TABLE ${t} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')})`;
      return { name: table.name, createSql, columns, uniqueKeys, foreignKeys: table.foreignKeys };
    });
    return { dbId: schema.dbId, tables };
  } finally {
    db.close();
  }
}

function dedupeKeys(keys: ReadonlyArray<readonly string[]>): ReadonlyArray<readonly string[]> {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = JSON.stringify(k.map((c) => c.toLowerCase()));
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function distinct(values: CellValue[]): CellValue[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const id = cellKey(v);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** A key telling cells apart by storage class and value (1 and 1.0 and '1' differ). */
export function cellKey(v: CellValue): string {
  if (v === null) return 'n';
  if (typeof v === 'bigint') return 'i' + v;
  if (typeof v === 'number') return 'f' + v;
  if (typeof v === 'string') return 's' + v;
  return 'b' + Buffer.from(v).toString('hex');
}
