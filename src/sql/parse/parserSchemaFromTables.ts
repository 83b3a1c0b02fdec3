import { parserSchema, type ParserSchema } from './ParserSchema.ts';
import type { SpiderTablesEntry } from './SpiderTables.ts';

/**
 * The parser schema from a `tables.json` entry (original names). The official evaluator
 * reads the SQLite file instead (`loadParserSchema`); the two agree wherever `tables.json`
 * describes the file faithfully, which is not everywhere.
 */
export function parserSchemaFromTables(entry: SpiderTablesEntry): ParserSchema {
  return parserSchema(
    entry.table_names_original.map((t, ti) => [t, entry.column_names_original.filter(([i]) => i === ti).map(([, c]) => c)] as const),
  );
}
