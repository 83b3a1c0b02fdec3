import Database from 'better-sqlite3';
import { parserSchema, type ParserSchema } from './ParserSchema.ts';

/**
 * The schema as the official `process_sql.get_schema` reads it from the SQLite file: every
 * row of `sqlite_master` with type 'table' (`sqlite_sequence` included), in file order, and
 * each table's columns from `PRAGMA table_info`. The official code interpolates the name
 * unquoted; we quote it, which reads the same columns wherever the official call works.
 */
export function loadParserSchema(sqlitePath: string): ParserSchema {
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all() as string[];
    return parserSchema(
      names.map((name) => {
        const cols = db.prepare(`PRAGMA table_info("${name.replaceAll('"', '""')}")`).all() as Array<{ name: string }>;
        return [name, cols.map((c) => c.name)] as const;
      }),
    );
  } finally {
    db.close();
  }
}
