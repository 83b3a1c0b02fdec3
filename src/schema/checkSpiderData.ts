import type { GoldExample } from '../data/goldFile.ts';
import { checkDatabaseFile, describeDatabaseProblem } from '../data/checkDatabaseFile.ts';
import { InputError } from '../data/InputError.ts';
import { spiderRepairCommand, withSpiderRepair } from '../data/repairCommand.ts';
import { testSuiteFiles } from '../data/spiderDatabases.ts';
import type { SpiderPaths } from '../data/spiderPaths.ts';
import { readTablesJson } from './readTablesJson.ts';

/**
 * Checks, before anything reads them, the Spider files the gold examples need: `tables.json`
 * (readable, not empty, listing every database the gold uses) and every database file of those
 * databases (a whole SQLite file with tables). A broken file is one InputError naming it and the
 * command that repairs it; a scorer reading it later would count every query on it as wrong
 * instead. Every command that runs queries on Spider databases checks them here first (give one
 * example to check only its database). Returns the database files, in test-suite order per database.
 */
export function checkSpiderData(paths: SpiderPaths, dataRoot: string, gold: readonly GoldExample[], goldFile: string): Map<string, string[]> {
  const repair = spiderRepairCommand(dataRoot);
  const listed = new Set(withSpiderRepair(dataRoot, () => readTablesJson(paths.tables)).map((e) => e.db_id));
  const firstUse = new Map<string, number>();
  for (const g of gold) if (!firstUse.has(g.dbId)) firstUse.set(g.dbId, g.index);
  const files = new Map<string, string[]>();
  for (const [dbId, index] of firstUse) {
    if (!listed.has(dbId)) {
      throw new InputError(`lists no database '${dbId}', which ${goldFile} needs on line ${index + 1} (repair: ${repair})`, { file: paths.tables });
    }
    const suite = testSuiteFiles(paths, dbId);
    if (suite.length === 0) throw new InputError(`no .sqlite file for database '${dbId}' (repair: ${repair})`, { file: paths.databaseFolder(dbId) });
    for (const file of suite) checkSpiderDatabaseFile(file, dataRoot);
    files.set(dbId, suite);
  }
  return files;
}

/** One Spider database file: an InputError naming it and the repair command unless it is a whole SQLite file with tables. */
export function checkSpiderDatabaseFile(file: string, dataRoot: string): void {
  const problem = checkDatabaseFile(file);
  if (problem) throw new InputError(`${describeDatabaseProblem(problem)} (repair: ${spiderRepairCommand(dataRoot)})`, { file });
}
