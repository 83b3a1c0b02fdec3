import Database from 'better-sqlite3';
import { RunStoreError } from '../RunStoreError.ts';

/**
 * SQLite's verdict on a store file, by result code, as a RunStoreError; any other error is
 * returned unchanged (a bug, not a broken file, and it keeps its stack).
 */
export function storeFailure(err: unknown, file: string): unknown {
  if (!(err instanceof Database.SqliteError)) return err;
  const code = err.code;
  if (code === 'SQLITE_NOTADB') return new RunStoreError(file, { kind: 'not-a-database' });
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ') return new RunStoreError(file, { kind: 'damaged', detail: `SQLite: ${err.message}` });
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_AUTH') {
    return new RunStoreError(file, { kind: 'cannot-open', detail: `SQLite: ${err.message}` });
  }
  return err;
}

/** Runs `fn`, turning a broken store file into a RunStoreError. */
export function guarded<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storeFailure(err, file);
  }
}
