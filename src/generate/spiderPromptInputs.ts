import fs from 'node:fs';
import { InputError } from '../data/InputError.ts';
import type { SpiderPaths } from '../data/spiderPaths.ts';
import type { FewShotExample } from '../prompt/FewShotExample.ts';
import { fewShotPool, type FewShotPool } from '../prompt/fewShotPool.ts';
import { readFewShotExamples } from '../prompt/readFewShotExamples.ts';
import { schemaContext, type SchemaContext } from '../prompt/schemaContext.ts';
import { readSchemaSamples } from '../schema/readSchemaSamples.ts';
import { readTablesJson, type TablesJsonEntry } from '../schema/readTablesJson.ts';
import type { Schema } from '../schema/Schema.ts';
import { schemaFromSqlite } from '../schema/schemaFromSqlite.ts';
import { schemaFromTablesJson } from '../schema/schemaFromTablesJson.ts';

/** Where a prompt's schema comes from: the database file (declared types, whole keys) or tables.json. */
export type SchemaSource = 'sqlite' | 'tables';

/** What prompts for one split are built from; every part is read once and shared by all runs. */
export interface PromptInputs {
  readonly split: 'dev' | 'train';
  /** The split's questions, in order (index = position in the split file). */
  readonly examples: readonly FewShotExample[];
  /** A database's schema context with `rows` sample rows / `values` values per column (memoized). */
  schema(dbId: string, source: SchemaSource, samples: { rows: number; values: number }): SchemaContext;
  /** Spider train as the few-shot pool (built on first use). */
  pool(): FewShotPool;
}

/** Prompt inputs from a Spider data root: the split file, tables.json, the databases, train. */
export function spiderPromptInputs(paths: SpiderPaths, split: 'dev' | 'train'): PromptInputs {
  const splitFile = split === 'dev' ? paths.dev : paths.trainSpider;
  for (const file of [splitFile, paths.tables]) if (!fs.existsSync(file)) throw new InputError('missing Spider file (use --data DIR or T2SQL_DATA)', { file });
  const examples = readFewShotExamples(splitFile);
  let entries: Map<string, TablesJsonEntry> | undefined;
  const tables = (): Map<string, TablesJsonEntry> => (entries ??= new Map(readTablesJson(paths.tables).map((e) => [e.db_id, e])));
  const schemas = new Map<string, Schema>();
  const contexts = new Map<string, SchemaContext>();
  let pool: FewShotPool | undefined;

  const schemaOf = (dbId: string, source: SchemaSource): Schema => {
    const key = `${source}\0${dbId}`;
    let schema = schemas.get(key);
    if (!schema) {
      const entry = tables().get(dbId);
      if (!entry) throw new InputError(`database '${dbId}' is not in tables.json`, { file: paths.tables });
      schema = source === 'tables' ? schemaFromTablesJson(entry) : schemaFromSqlite(paths.database(dbId), { dbId });
      schemas.set(key, schema);
    }
    return schema;
  };

  return {
    split,
    examples,
    schema(dbId, source, samples) {
      const key = `${source}\0${dbId}\0${samples.rows}\0${samples.values}`;
      let context = contexts.get(key);
      if (!context) {
        const schema = schemaOf(dbId, source);
        const needed = samples.rows > 0 || samples.values > 0;
        context = schemaContext(schema, needed ? { samples: readSchemaSamples(paths.database(dbId), schema, samples) } : {});
        contexts.set(key, context);
      }
      return context;
    },
    pool() {
      pool ??= fewShotPool(readFewShotExamples(paths.trainSpider), { schemas: new Map([...tables().values()].map((e) => [e.db_id, schemaFromTablesJson(e)])) });
      return pool;
    },
  };
}
