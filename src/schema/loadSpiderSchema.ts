import { InputError } from '../data/InputError.ts';
import { withSpiderRepair } from '../data/repairCommand.ts';
import { spiderPaths } from '../data/spiderPaths.ts';
import { checkSpiderDatabaseFile } from './checkSpiderData.ts';
import { readTablesJson, type TablesJsonEntry } from './readTablesJson.ts';
import type { Schema } from './Schema.ts';
import { schemaFromSqlite } from './schemaFromSqlite.ts';
import { schemaFromTablesJson } from './schemaFromTablesJson.ts';

/** Where a schema is read from: the SQLite file (declared types, whole keys) or tables.json as is. */
export type SchemaSource = 'sqlite' | 'tables';

export interface SpiderSchema {
  readonly schema: Schema;
  /** The database file (for sample rows and values). */
  readonly databaseFile: string;
  /** Every database of tables.json (few-shot examples come from the others). */
  readonly entries: readonly TablesJsonEntry[];
}

/**
 * The schema of one Spider database under a data root. `tables.json` must be readable and list
 * the database, and its SQLite file must be whole and hold tables: otherwise one InputError names
 * the file and the command that repairs it (an empty or cut-off file would otherwise give an
 * empty schema). An unknown db_id suggests the nearest names.
 */
export function loadSpiderSchema(dataRoot: string, dbId: string, source: SchemaSource = 'sqlite'): SpiderSchema {
  const paths = spiderPaths(dataRoot);
  const entries = withSpiderRepair(dataRoot, () => readTablesJson(paths.tables));
  const entry = entries.find((e) => e.db_id === dbId);
  if (!entry) {
    const near = entries
      .map((e) => ({ id: e.db_id, d: editDistance(e.db_id, dbId) }))
      .filter((x) => x.d <= Math.max(2, dbId.length / 4))
      .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
      .map((x) => x.id);
    throw new InputError(`unknown database '${dbId}'${near.length ? ` (did you mean ${near.slice(0, 5).join(', ')}?)` : ''}`, { file: paths.tables });
  }
  const databaseFile = paths.database(entry.db_id);
  checkSpiderDatabaseFile(databaseFile, dataRoot);
  const schema = source === 'tables' ? schemaFromTablesJson(entry) : schemaFromSqlite(databaseFile, { dbId: entry.db_id });
  return { schema, databaseFile, entries };
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
