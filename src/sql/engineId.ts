import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { workerSourceHash } from './_internals/workerEntry.ts';

let engine: string | undefined;

/**
 * What produces a query result besides the query and the database: the worker's code and the
 * SQLite library (better-sqlite3's version, which fixes the bundled SQLite). Results cached
 * across runs are filed under it, so a change of either starts a fresh cache.
 */
export function engineId(): string {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const version = (require('better-sqlite3/package.json') as { version: string }).version;
  return (engine = crypto.createHash('sha256').update(`${workerSourceHash()}|better-sqlite3@${version}`).digest('hex').slice(0, 12));
}
