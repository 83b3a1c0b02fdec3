import type BetterSqlite3 from 'better-sqlite3';
import type { Column, ForeignKey, Schema, Table } from '../Schema.ts';
import { spiderCoarseType } from '../spiderCoarseType.ts';
import { spiderNormalizedName } from '../spiderNormalizedName.ts';
import { findColumn, findTable } from './names.ts';

/** A foreign key SQLite declares but that names a table or column the database does not have. */
export interface DanglingForeignKey {
  readonly table: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly (string | null)[];
}

export interface IntrospectOptions {
  internalTables: 'omit' | 'keep';
  onDanglingForeignKey: (fk: DanglingForeignKey) => void;
}

interface ColumnRow { name: string; type: string; pk: number }
interface ForeignKeyRow { id: number; seq: number; table: string; from: string; to: string | null }

/** Reads tables, columns, keys from an open SQLite database (sqlite_master and the table pragmas). */
export function introspect(db: BetterSqlite3.Database, dbId: string, options: IntrospectOptions): Schema {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => options.internalTables === 'keep' || !/^sqlite_/i.test(n));
  const columnsOf = db.prepare('SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid');
  const fksOf = db.prepare('SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list(?)');

  const bare: Table[] = names.map((name) => {
    const rows = columnsOf.all(name) as ColumnRow[];
    const columns: Column[] = rows.map((r) => ({
      name: r.name,
      normalizedName: spiderNormalizedName(r.name),
      declaredType: r.type,
      coarseType: spiderCoarseType(r.type),
    }));
    const primaryKey = rows.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk).map((r) => r.name);
    return { name, normalizedName: spiderNormalizedName(name), columns, primaryKey, foreignKeys: [] };
  });
  const schema: Schema = { dbId, tables: bare };

  const tables = bare.map((table): Table => {
    const rows = fksOf.all(table.name) as ForeignKeyRow[];
    // SQLite numbers foreign keys from the last declared; declaration order reads better.
    const ids = [...new Set(rows.map((r) => r.id))].sort((a, b) => b - a);
    const foreignKeys: ForeignKey[] = [];
    for (const id of ids) {
      const parts = rows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
      const refTableName = parts[0]?.table ?? '';
      const ref = findTable(schema, refTableName);
      const from = parts.map((p) => findColumn(table, p.from)?.name);
      // `REFERENCES t` without columns means t's primary key.
      const to = parts.map((p, i) => (p.to === null ? ref?.primaryKey[i] : ref && findColumn(ref, p.to)?.name));
      const ok = ref && from.every((c) => c !== undefined) && to.every((c) => c !== undefined) && (parts.every((p) => p.to !== null) || ref.primaryKey.length === parts.length);
      if (ok) {
        foreignKeys.push({ columns: from as string[], refTable: ref.name, refColumns: to as string[] });
      } else {
        options.onDanglingForeignKey({ table: table.name, columns: parts.map((p) => p.from), refTable: refTableName, refColumns: parts.map((p) => p.to) });
      }
    }
    return { ...table, foreignKeys };
  });
  return { dbId, tables };
}
