import type { ForeignKey } from '../schema/Schema.ts';
import type { PyValue } from '../sql/PyValue.ts';

/** A value a generated cell may hold (SQLite's storage classes as better-sqlite3 binds them). */
export type CellValue = PyValue;

/** One column of a table to generate: what it may hold. */
export interface ColumnShape {
  readonly name: string;
  /** As declared in the original CREATE TABLE ('' when none). */
  readonly declaredType: string;
  /** Values a cell may take, most ordinary first (fast-check shrinks toward the first). Never empty. */
  readonly domain: readonly CellValue[];
  /** Whether the original column holds NULLs (only then may a generated cell be NULL). */
  readonly nullable: boolean;
}

/** A foreign key (the schema's): `columns` of this table take the values of `refColumns` of one row of `refTable`. */
export type ForeignKeyShape = ForeignKey;

/** One table to generate, with the constraints every generated row set keeps. */
export interface TableShape {
  readonly name: string;
  /** The original `CREATE TABLE` statement, replayed as is. */
  readonly createSql: string;
  readonly columns: readonly ColumnShape[];
  /**
   * Column sets no two rows may share (the primary key, UNIQUE constraints, and the gold's
   * ORDER BY keys, so that ordered results have no ties). NULL counts as a value here.
   */
  readonly uniqueKeys: ReadonlyArray<readonly string[]>;
  readonly foreignKeys: readonly ForeignKeyShape[];
}

/** Everything needed to generate databases like one original: its tables in creation order. */
export interface DatabaseShape {
  readonly dbId: string;
  readonly tables: readonly TableShape[];
}

/** A generated database: for each table of the shape (same order), its rows in column order. */
export interface GeneratedDatabase {
  readonly tables: ReadonlyArray<{ readonly name: string; readonly columns: readonly string[]; readonly rows: ReadonlyArray<readonly CellValue[]> }>;
}

/** Rows in the whole database. */
export function rowCount(db: GeneratedDatabase): number {
  return db.tables.reduce((n, t) => n + t.rows.length, 0);
}
