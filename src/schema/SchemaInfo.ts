/**
 * What a representation's text tells a reader about a schema: names as shown (lower-cased if asked,
 * never quoted), and, where the representation carries them, types, keys, rows and example values
 * as printed. `null` means "this representation does not carry it". Both `shownSchemaInfo()` (from the
 * model) and `parseSchemaText()` (from the text) produce it, so the two can be compared.
 */
export interface SchemaInfo {
  /** mschema names its database; the others do not (null). */
  readonly dbId: string | null;
  readonly tables: readonly TableInfo[];
  readonly foreignKeys: readonly ForeignKeyInfo[] | null;
}

export interface TableInfo {
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  /** keys, types+keys, mschema mark key columns (column order); ddl states the key (key order). */
  readonly primaryKey: readonly string[] | null;
  /** ddl+rows: the rows shown, each value as printed. */
  readonly rows: readonly (readonly string[])[] | null;
}

export interface ColumnInfo {
  readonly name: string;
  /** '' when the column is shown without a type. */
  readonly type: string | null;
  /** mschema: example values as printed ([] when none are shown). */
  readonly examples: readonly string[] | null;
}

export interface ForeignKeyInfo {
  readonly table: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
}
