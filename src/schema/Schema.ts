/**
 * The one schema model every representation is drawn from.
 *
 * Names are kept exactly as the database spells them (`name`) beside Spider's natural-language
 * form (`normalizedName`, e.g. `singer_in_concert` → `singer in concert`). SQLite compares
 * identifiers case-insensitively (ASCII only), so a valid schema never holds two tables, or two
 * columns of one table, whose names differ only in ASCII case.
 */

/** Spider's coarse column type, as `tables.json` records it. */
export type CoarseType = 'text' | 'number' | 'time' | 'boolean' | 'others';

export interface Column {
  readonly name: string;
  readonly normalizedName: string;
  /** The type as declared in SQLite (`varchar(20)`, `INT`, '' when none); null when the source
   *  does not record it (`tables.json` keeps only the coarse type). */
  readonly declaredType: string | null;
  readonly coarseType: CoarseType;
}

/** A foreign key of its table: `columns` reference `refColumns` of `refTable`, position by position. */
export interface ForeignKey {
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
}

export interface Table {
  readonly name: string;
  readonly normalizedName: string;
  readonly columns: readonly Column[];
  /** Column names in key order; empty when the table has no primary key. */
  readonly primaryKey: readonly string[];
  /** In declaration order. */
  readonly foreignKeys: readonly ForeignKey[];
}

export interface Schema {
  readonly dbId: string;
  /** In database order (the order of `sqlite_master`, which is also `tables.json`'s order). */
  readonly tables: readonly Table[];
}
