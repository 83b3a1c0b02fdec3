/** Real Spider data for the suite specs: paths, dev golds, schemas (read once per spec file). */
import fs from 'node:fs';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import { spiderPaths } from '../../../src/data/spiderPaths.ts';
import type { Schema } from '../../../src/schema/Schema.ts';
import { schemaFromSqlite } from '../../../src/schema/schemaFromSqlite.ts';
import type { SuiteInput } from '../../../src/suites/suiteGenerator.ts';
import { fetchData } from '../../support/requireData.ts';

export const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: new URL('../../..', import.meta.url).pathname }).dir);
export const fetchSpider = fetchData.spider;
/** The databases these specs read (dev databases with foreign keys, NULLs, composite keys). */
export const specDatabases = ['concert_singer', 'car_1', 'flight_2', 'pets_1', 'world_1', 'dog_kennels', 'student_transcripts_tracking', 'cre_Doc_Template_Mgt'];
export const requiredFiles = [paths.devGold, ...specDatabases.map((d) => paths.database(d))];

const schemas = new Map<string, Schema>();
export function schemaOf(dbId: string): Schema {
  let s = schemas.get(dbId);
  if (!s) schemas.set(dbId, (s = schemaFromSqlite(paths.database(dbId))));
  return s;
}

let golds: { sql: string; dbId: string }[] | undefined;
/** Dev gold queries in order. */
export function devGolds(): { sql: string; dbId: string }[] {
  golds ??= fs
    .readFileSync(paths.devGold, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [sql, dbId] = l.trim().split('\t') as [string, string];
      return { sql, dbId };
    });
  return golds;
}

/** A suite input for a gold on a Spider database. */
export function suiteInput(dbId: string, gold: string): SuiteInput {
  return { dbId, databaseFile: paths.database(dbId), schema: schemaOf(dbId), gold };
}
