/** Spider dev questions, train examples and schemas for the prompt specs, read once per spec file. */
import fs from 'node:fs';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import { spiderPaths } from '../../../src/data/spiderPaths.ts';
import type { FewShotExample } from '../../../src/prompt/FewShotExample.ts';
import { fewShotPool, type FewShotPool } from '../../../src/prompt/fewShotPool.ts';
import { readFewShotExamples } from '../../../src/prompt/readFewShotExamples.ts';
import type { Schema } from '../../../src/schema/Schema.ts';
import { readTablesJson } from '../../../src/schema/readTablesJson.ts';
import { schemaFromTablesJson } from '../../../src/schema/schemaFromTablesJson.ts';
import { fetchData, requireData } from '../../support/requireData.ts';

export const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: new URL('../../..', import.meta.url).pathname }).dir);
export const spiderPresent = fs.existsSync(paths.tables) && fs.existsSync(paths.trainSpider) && fs.existsSync(paths.dev);

/** In a describe block: its tests fail, naming the fetch command, without Spider's files. */
export function requireSpider(): void {
  requireData([paths.tables, paths.trainSpider, paths.dev], fetchData.spider);
}

export interface DevQuestion {
  readonly question: string;
  readonly dbId: string;
}

let cache: { dev: DevQuestion[]; train: FewShotExample[]; schemas: Map<string, Schema>; pool: FewShotPool } | undefined;

export function spiderData() {
  if (!cache) {
    const dev = (JSON.parse(fs.readFileSync(paths.dev, 'utf8')) as { question: string; db_id: string }[]).map((e) => ({ question: e.question, dbId: e.db_id }));
    const train = readFewShotExamples(paths.trainSpider);
    const schemas = new Map(readTablesJson(paths.tables).map((e) => [e.db_id, schemaFromTablesJson(e)]));
    cache = { dev, train, schemas, pool: fewShotPool(train, { schemas }) };
  }
  return cache;
}
