/** One entry of Spider's `tables.json`, the fields the evaluator reads. */
export interface SpiderTablesEntry {
  readonly db_id: string;
  readonly table_names_original: readonly string[];
  /** `[table index, column name]`; index -1 is the `*` pseudo-column. */
  readonly column_names_original: ReadonlyArray<readonly [number, string]>;
  /** Pairs of indices into `column_names_original`. */
  readonly foreign_keys: ReadonlyArray<readonly [number, number]>;
}
