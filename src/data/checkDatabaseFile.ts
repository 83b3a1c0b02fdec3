import fs from 'node:fs';
import Database from 'better-sqlite3';

/** What is wrong with a database file, or null when it opens and holds at least one table. */
export type DatabaseFileProblem =
  | { readonly kind: 'missing' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'not-sqlite' }
  | { readonly kind: 'truncated'; readonly bytes: number; readonly expectedBytes: number }
  | { readonly kind: 'unreadable'; readonly message: string }
  | { readonly kind: 'no-tables' };

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Checks that a file is a whole SQLite database with tables, without reading it all: the header
 * (magic, page size, page count) says how long the file must be, and `sqlite_master` must list a
 * table. A zero-byte or cut-off file, which SQLite itself may open without complaint and query as
 * an empty database, is caught here.
 */
export function checkDatabaseFile(file: string): DatabaseFileProblem | null {
  let size: number;
  const header = Buffer.alloc(100);
  let got = 0;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      size = fs.fstatSync(fd).size;
      got = fs.readSync(fd, header, 0, 100, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', message: (err as Error).message };
  }
  if (size === 0) return { kind: 'empty' };
  if (got < 100 || !header.subarray(0, 16).equals(MAGIC)) return { kind: 'not-sqlite' };
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // The page count in the header is valid when its "version-valid-for" matches the change counter.
  const countValid = header.readUInt32BE(92) === header.readUInt32BE(24) && pages > 0;
  const expectedBytes = countValid ? pages * pageSize : Math.ceil(size / pageSize) * pageSize;
  if (size < expectedBytes) return { kind: 'truncated', bytes: size, expectedBytes };
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      return row.n > 0 ? null : { kind: 'no-tables' };
    } finally {
      db.close();
    }
  } catch (err) {
    return { kind: 'unreadable', message: (err as Error).message };
  }
}

/** The problem in words (for an error line that also names the file). */
export function describeDatabaseProblem(problem: DatabaseFileProblem): string {
  switch (problem.kind) {
    case 'missing':
      return 'database file not found';
    case 'empty':
      return 'database file is empty (0 bytes)';
    case 'not-sqlite':
      return 'not an SQLite database (bad header)';
    case 'truncated':
      return `truncated SQLite database (${problem.bytes} of ${problem.expectedBytes} bytes)`;
    case 'unreadable':
      return `cannot read the database: ${problem.message}`;
    case 'no-tables':
      return 'the database has no tables';
  }
}
