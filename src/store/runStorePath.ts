import fs from 'node:fs';
import path from 'node:path';

/** The store's file inside a T2SQL_HOME folder. */
export const RUN_STORE_FILE = 'runs.sqlite';

export interface ResolveStoreHomeOptions {
  /** Value of T2SQL_HOME, read by the caller (nothing below the CLI reads the environment). */
  env?: string | undefined;
  /** Working directory; the default home is `<cwd>/.t2sql`. */
  cwd: string;
}

/** T2SQL_HOME if set, else `.t2sql/` in the working directory. */
export function resolveStoreHome(options: ResolveStoreHomeOptions): string {
  return options.env ? path.resolve(options.cwd, options.env) : path.join(options.cwd, '.t2sql');
}

/** Accepts a T2SQL_HOME folder or the store file itself and returns the file. */
export function runStoreFile(homeOrFile: string): string {
  const isDir = homeOrFile.endsWith('/') || (fs.existsSync(homeOrFile) && fs.statSync(homeOrFile).isDirectory());
  return isDir || path.extname(homeOrFile) === '' ? path.join(homeOrFile, RUN_STORE_FILE) : homeOrFile;
}
