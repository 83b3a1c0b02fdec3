import { mapBounded } from '../core/boundedConcurrency.ts';
import { schemaFromSqlite } from '../schema/schemaFromSqlite.ts';
import type { Schema } from '../schema/Schema.ts';
import type { SqlExecutor } from '../sql/ExecOutcome.ts';
import { buildSuite, type BuildSuiteOptions } from './buildSuite.ts';
import type { SuiteManifest } from './SuiteManifest.ts';

/** One example to give a suite: its gold and the original database file. */
export interface SuiteExample {
  readonly index: number;
  readonly dbId: string;
  readonly gold: string;
  readonly databaseFile: string;
}

export interface ExampleSuite {
  /** The generated databases, to score on after the original one. */
  readonly files: readonly string[];
  readonly manifest: SuiteManifest;
  readonly cached: boolean;
}

export interface ExampleSuitesOptions extends BuildSuiteOptions {
  /** Suites built at once (each keeps the executor busy with its own queries). Default 4. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Each example's generated suite (built once, then read from `suitesDir`), by example index:
 * what `t2sql eval --suite generated` scores on besides the original database.
 */
export async function exampleSuites(examples: readonly SuiteExample[], suitesDir: string, executor: SqlExecutor, options: ExampleSuitesOptions = {}): Promise<Map<number, ExampleSuite>> {
  const schemas = new Map<string, Schema>();
  const schemaOf = (file: string) => {
    let s = schemas.get(file);
    if (!s) schemas.set(file, (s = schemaFromSqlite(file)));
    return s;
  };
  const out = new Map<number, ExampleSuite>();
  let done = 0;
  await mapBounded(examples, options.concurrency ?? 4, async (e) => {
    const suite = await buildSuite({ dbId: e.dbId, databaseFile: e.databaseFile, schema: schemaOf(e.databaseFile), gold: e.gold }, suitesDir, executor, options);
    out.set(e.index, { files: suite.files, manifest: suite.manifest, cached: suite.cached });
    options.onProgress?.(++done, examples.length);
  });
  return out;
}
