import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readGoldFile } from '../data/goldFile.ts';
import { InputError } from '../data/InputError.ts';
import { readPredictionFile } from '../data/predictionFile.ts';
import { listDatabaseIds } from '../data/spiderDatabases.ts';
import { spiderPaths } from '../data/spiderPaths.ts';
import { checkSpiderData } from '../schema/checkSpiderData.ts';
import { schemaFromSqlite } from '../schema/schemaFromSqlite.ts';
import type { SqlExecutor } from '../sql/ExecOutcome.ts';
import { buildSuite, resolveSuiteSettings, type BuildSuiteOptions } from './buildSuite.ts';
import { counterexampleReport, type CounterexampleReport } from './counterexampleReport.ts';
import { minimalCounterexample } from './minimalCounterexample.ts';
import { separatesOrThrow, type Separation } from './separates.ts';
import type { SuiteManifest } from './SuiteManifest.ts';

export interface CounterexampleRequest {
  readonly dataRoot: string;
  readonly split?: 'dev' | 'train';
  /** Default: the split's gold file under the data root. */
  readonly goldFile?: string;
  readonly predictionFile: string;
  /** The example (0-based, gold order). */
  readonly index: number;
  /** `homeLayout(home).suites`: the example's suite is built there (or read from there). */
  readonly suitesDir: string;
  readonly executor: SqlExecutor;
  readonly suite?: BuildSuiteOptions;
  /** Candidates searched for a separating database beyond the suite's. Default 200. */
  readonly candidates?: number;
  /**
   * The generated database a verdict named (`<suiteKey>/gNN.sqlite`, as `t2sql eval --suite
   * generated` writes it): tried first. Its suite must be the one these settings build.
   */
  readonly database?: string;
}

interface Common {
  readonly index: number;
  readonly dbId: string;
  readonly gold: string;
  readonly pred: string;
  /** The prediction on the original database. */
  readonly original: Exclude<Separation, 'unavailable'>;
  readonly suiteKey: string;
}

export type CounterexampleAnswer =
  | (Common & { readonly kind: 'found'; readonly report: CounterexampleReport; readonly sampleIndex: number; readonly rowsBefore: number; readonly rows: number })
  | (Common & { readonly kind: 'none'; readonly tried: number });

/**
 * The minimal counterexample for one prediction of a file: the example's Spider files are
 * checked (checkSpiderData), its generated suite is built (or read from the cache), its
 * databases are tried first, then further candidates of the same seed; the first database that
 * separates prediction from gold is shrunk, and both queries are run on it for the report.
 */
export async function counterexampleForPrediction(req: CounterexampleRequest): Promise<CounterexampleAnswer> {
  const paths = spiderPaths(req.dataRoot);
  const goldFile = req.goldFile ?? ((req.split ?? 'dev') === 'dev' ? paths.devGold : paths.trainGold);
  const gold = readGoldFile(goldFile, { knownDbIds: listDatabaseIds(paths) });
  const predictions = readPredictionFile(req.predictionFile, { gold });
  const example = gold[req.index];
  if (!example) throw new InputError(`no example ${req.index}: the gold file has ${gold.length} (0 to ${gold.length - 1})`, { file: goldFile });
  const pred = predictions.find((p) => p.index === req.index)?.sql ?? '';
  // A broken database would read as an empty one: every prediction would "already differ".
  checkSpiderData(paths, req.dataRoot, [example], goldFile);
  const databaseFile = paths.database(example.dbId);
  const input = { dbId: example.dbId, databaseFile, schema: schemaFromSqlite(databaseFile), gold: example.sql };
  const settings = resolveSuiteSettings(req.suite);
  const scoring = { compat: settings.compat, keepDistinct: settings.keepDistinct };
  const ctx = { executor: req.executor, scoring, memo: new Map() };
  const suite = await buildSuite(input, req.suitesDir, req.executor, req.suite);
  const original = await separatesOrThrow(databaseFile, example.sql, pred, ctx);
  const first = req.database === undefined ? [] : [namedSample(req.database, suite.manifest)];
  const common: Common = { index: req.index, dbId: example.dbId, gold: example.sql, pred, original, suiteKey: suite.manifest.key };
  const work = path.join(req.suitesDir, `.counterexample.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
  try {
    const found = await minimalCounterexample(input, pred, work, ctx, {
      seed: settings.seed,
      maxRows: settings.maxRows,
      valuesPerColumn: settings.valuesPerColumn,
      candidates: Math.max(req.candidates ?? 200, settings.candidates),
      preferred: [...first, ...suite.manifest.databases.map((d) => d.sampleIndex)],
    });
    if (found.kind === 'none') return { ...common, kind: 'none', tried: found.tried };
    const report = await counterexampleReport(found.generator.shape, found.database, found.file, example.sql, pred, req.executor, scoring);
    return { ...common, kind: 'found', report, sampleIndex: found.sampleIndex, rowsBefore: found.rowsBefore, rows: found.rows };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The sample index of a suite database named `<suiteKey>/<file>`; an InputError when it is not of this suite. */
function namedSample(id: string, manifest: SuiteManifest): number {
  const [key, file] = id.split('/');
  if (key !== manifest.key) {
    throw new InputError(`database ${id} is not of this example's suite ${manifest.key} (built with --seed ${manifest.settings.seed}, --max-rows ${manifest.settings.maxRows}, --compat ${manifest.settings.compat}); pass the settings the evaluation used`);
  }
  const d = manifest.databases.find((x) => x.file === file);
  if (!d) throw new InputError(`suite ${key} has no database ${file} (it has ${manifest.databases.map((x) => x.file).join(', ') || 'none'})`);
  return d.sampleIndex;
}
