import { InputError } from '../data/InputError.ts';
import type { CoarseType, Column, ForeignKey, Schema, Table } from './Schema.ts';
import type { TablesJsonEntry } from './readTablesJson.ts';
import { validateSchema } from './validateSchema.ts';

export interface SchemaFromTablesJsonOptions {
  /** SQLite's own bookkeeping tables (`sqlite_sequence`), which `tables.json` lists for three
   *  Spider databases. Default 'omit': they are not part of the database's design. */
  internalTables?: 'omit' | 'keep';
}

const coarseTypes: ReadonlySet<string> = new Set<CoarseType>(['text', 'number', 'time', 'boolean', 'others']);

/**
 * The schema `tables.json` describes. Faithful to the file, including what it leaves out: declared
 * types are unknown (null), a composite primary key appears as its first column only (Spider's
 * `get_tables.py` kept columns with `pk == 1`), and each foreign key is a single column pair.
 */
export function schemaFromTablesJson(entry: TablesJsonEntry, options: SchemaFromTablesJsonOptions = {}): Schema {
  const internalTables = options.internalTables ?? 'omit';
  const fail = (what: string): never => {
    throw new InputError(`tables.json, database ${JSON.stringify(entry.db_id)}: ${what}`);
  };
  const cols = entry.column_names_original;
  if (entry.column_names.length !== cols.length || entry.column_types.length !== cols.length) {
    fail('column_names, column_names_original and column_types differ in length');
  }
  if (entry.table_names.length !== entry.table_names_original.length) fail('table_names and table_names_original differ in length');

  const columnAt = (index: number): { table: number; name: string } => {
    const c = cols[index];
    if (!c || c[0] < 0 || c[0] >= entry.table_names_original.length) return fail(`column index ${index} is not a table column`);
    return { table: c[0], name: c[1] };
  };

  const columns: Column[][] = entry.table_names_original.map(() => []);
  cols.forEach(([tableIndex, name], i) => {
    if (tableIndex === -1) return; // the `*` pseudo-column
    const type = entry.column_types[i] ?? '';
    if (!coarseTypes.has(type)) fail(`column ${JSON.stringify(name)} has unknown type ${JSON.stringify(type)}`);
    const target = columns[tableIndex] ?? fail(`column ${JSON.stringify(name)} names table ${tableIndex}`);
    target.push({
      name,
      normalizedName: entry.column_names[i]?.[1] ?? name,
      declaredType: null,
      coarseType: type as CoarseType,
    });
  });

  const primaryKeys: string[][] = entry.table_names_original.map(() => []);
  for (const pk of entry.primary_keys) {
    for (const index of typeof pk === 'number' ? [pk] : pk) {
      const c = columnAt(index);
      primaryKeys[c.table]?.push(c.name);
    }
  }

  const foreignKeys: ForeignKey[][] = entry.table_names_original.map(() => []);
  for (const [from, to] of entry.foreign_keys) {
    const a = columnAt(from);
    const b = columnAt(to);
    foreignKeys[a.table]?.push({ columns: [a.name], refTable: entry.table_names_original[b.table] ?? '', refColumns: [b.name] });
  }

  const isInternal = (name: string) => internalTables === 'omit' && /^sqlite_/i.test(name);
  const tables: Table[] = [];
  entry.table_names_original.forEach((name, i) => {
    if (isInternal(name)) return;
    tables.push({
      name,
      normalizedName: entry.table_names[i] ?? name,
      columns: columns[i] ?? [],
      primaryKey: primaryKeys[i] ?? [],
      foreignKeys: (foreignKeys[i] ?? []).filter((fk) => !isInternal(fk.refTable)),
    });
  });

  const schema: Schema = { dbId: entry.db_id, tables };
  const problems = validateSchema(schema);
  if (problems.length > 0) fail(problems.join('; '));
  return schema;
}
