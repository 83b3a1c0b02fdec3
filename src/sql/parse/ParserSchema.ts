/**
 * What the official parser knows of a database (`process_sql.Schema`): lower-cased table
 * names in database order, each with its lower-cased column names, and the id map
 * (`'*'` → `__all__`, `t.c` → `__t.c__`, `t` → `__t__`) that names columns in a parse.
 */
export interface ParserSchema {
  readonly tables: ReadonlyMap<string, readonly string[]>;
  readonly idMap: ReadonlyMap<string, string>;
}

/** Builds the schema from table → columns, lower-casing both as the official code does. */
export function parserSchema(tables: Iterable<readonly [string, readonly string[]]>): ParserSchema {
  const byTable = new Map<string, readonly string[]>();
  for (const [table, columns] of tables) byTable.set(table.toLowerCase(), columns.map((c) => c.toLowerCase()));
  const idMap = new Map<string, string>([['*', '__all__']]);
  for (const [table, columns] of byTable) for (const c of columns) idMap.set(`${table}.${c}`, `__${table}.${c}__`);
  for (const table of byTable.keys()) idMap.set(table, `__${table}__`);
  return { tables: byTable, idMap };
}
