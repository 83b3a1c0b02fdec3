import type { Schema } from './Schema.ts';
import { findColumn, findTable, identifierKey } from './_internals/names.ts';

/**
 * What is wrong with a schema, as sentences (empty when nothing is): duplicate names (by SQLite's
 * ASCII-case-insensitive rule), primary or foreign keys naming columns that do not exist, foreign
 * keys whose two sides differ in length. Every builder in this folder returns valid schemas.
 */
export function validateSchema(schema: Schema): string[] {
  const problems: string[] = [];
  const tableKeys = new Set<string>();
  for (const table of schema.tables) {
    const tk = identifierKey(table.name);
    if (tableKeys.has(tk)) problems.push(`duplicate table ${JSON.stringify(table.name)}`);
    tableKeys.add(tk);
    if (table.columns.length === 0) problems.push(`table ${JSON.stringify(table.name)} has no columns`);
    const columnKeys = new Set<string>();
    for (const column of table.columns) {
      const ck = identifierKey(column.name);
      if (columnKeys.has(ck)) problems.push(`duplicate column ${JSON.stringify(table.name)}.${JSON.stringify(column.name)}`);
      columnKeys.add(ck);
    }
    const pkKeys = new Set<string>();
    for (const pk of table.primaryKey) {
      if (!findColumn(table, pk)) problems.push(`primary key of ${JSON.stringify(table.name)} names unknown column ${JSON.stringify(pk)}`);
      if (pkKeys.has(identifierKey(pk))) problems.push(`primary key of ${JSON.stringify(table.name)} repeats ${JSON.stringify(pk)}`);
      pkKeys.add(identifierKey(pk));
    }
    for (const fk of table.foreignKeys) {
      const where = `foreign key ${JSON.stringify(table.name)}(${fk.columns.join(', ')}) → ${JSON.stringify(fk.refTable)}`;
      if (fk.columns.length === 0 || fk.columns.length !== fk.refColumns.length) problems.push(`${where}: sides differ in length`);
      for (const c of fk.columns) if (!findColumn(table, c)) problems.push(`${where}: unknown column ${JSON.stringify(c)}`);
      const ref = findTable(schema, fk.refTable);
      if (!ref) problems.push(`${where}: unknown table`);
      else for (const c of fk.refColumns) if (!findColumn(ref, c)) problems.push(`${where}: unknown column ${JSON.stringify(c)}`);
    }
  }
  return problems;
}
