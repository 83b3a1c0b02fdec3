/** A value as SQLite returns it (integers as bigint, so none lose precision). */
export type SqlValue = null | number | bigint | string | Uint8Array;

/**
 * Data drawn from a database for the representations that show it, keyed by the schema's own
 * table and column names. Built by `readSchemaSamples`; serializers read it, never the database.
 */
export interface SchemaSamples {
  /** The first rows of each table (`LIMIT n`, rowid order), values in the schema's column order. */
  readonly rows: ReadonlyMap<string, readonly (readonly SqlValue[])[]>;
  /** Distinct non-null, non-empty values of each column, in first-seen order: table → column → values. */
  readonly values: ReadonlyMap<string, ReadonlyMap<string, readonly SqlValue[]>>;
}
