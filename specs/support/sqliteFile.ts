import Database from 'better-sqlite3';

/** Writes a SQLite database at `file` made by `sql` (CREATE TABLE, INSERT …) and returns its path. */
export function sqliteFile(file: string, sql: string): string {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
  return file;
}
