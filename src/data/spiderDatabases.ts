import fs from 'node:fs';
import path from 'node:path';
import type { SpiderPaths } from './spiderPaths.ts';

/** db_ids that have a folder under `database/`. */
export function listDatabaseIds(paths: SpiderPaths): Set<string> {
  try {
    return new Set(
      fs
        .readdirSync(paths.databaseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name),
    );
  } catch {
    return new Set();
  }
}

/**
 * The test suite of a db_id: every `*.sqlite` file in `database/<db_id>/`, the main
 * `<db_id>.sqlite` first. (The official script takes any name containing ".sqlite", which
 * would also pick up a `-journal` file left beside a database; we take real .sqlite files.)
 */
export function testSuiteFiles(paths: SpiderPaths, dbId: string): string[] {
  const folder = paths.databaseFolder(dbId);
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => n.endsWith('.sqlite'));
  } catch {
    return [];
  }
  const main = `${dbId}.sqlite`;
  names.sort((a, b) => (a === main ? -1 : b === main ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return names.map((n) => path.join(folder, n));
}
