import fs from 'node:fs';
import path from 'node:path';

/** The store's file inside a T2SQL_HOME folder (the CLI resolves the folder). */
export const RUN_STORE_FILE = 'runs.sqlite';

/** Accepts a T2SQL_HOME folder or the store file itself and returns the file. */
export function runStoreFile(homeOrFile: string): string {
  if (fs.existsSync(homeOrFile) && fs.statSync(homeOrFile).isDirectory()) return path.join(homeOrFile, RUN_STORE_FILE);
  return /\.(sqlite3?|db)$/i.test(homeOrFile) ? homeOrFile : path.join(homeOrFile, RUN_STORE_FILE);
}
