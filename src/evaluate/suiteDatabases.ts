import path from 'node:path';
import type { GoldExample } from '../data/goldFile.ts';
import type { ExecVerdict } from '../metrics/ExecVerdict.ts';
import type { ExecLimits, SqlExecutor } from '../sql/ExecOutcome.ts';
import type { CompatMode } from '../sql/officialPreprocess.ts';
import { exampleSuites } from '../suites/exampleSuites.ts';
import { SUITE_GENERATOR_VERSION } from '../suites/SuiteManifest.ts';

/**
 * Which databases an example is scored on:
 * - `none`: its database's main file `database/<db_id>/<db_id>.sqlite` alone (Spider's EX, as
 *   the literature reports it);
 * - `official`: every `.sqlite` file of `database/<db_id>/`, main file first (a distilled test
 *   suite unpacked there, as the official evaluator reads it);
 * - `generated`: the main file, then the example's generated suite (src/suites, built once
 *   and cached under `suitesDir`).
 */
export type SuiteMode = 'none' | 'official' | 'generated';

export const SUITE_MODES = ['none', 'official', 'generated'] as const satisfies readonly SuiteMode[];

export interface SuiteRequest {
  readonly mode: SuiteMode;
  /** `homeLayout(home).suites`; required for `generated`. */
  readonly suitesDir?: string;
  /** The generator's seed (default 0). */
  readonly seed?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What the summary says about the suite: its mode and what it changed. */
export interface SuiteSummary {
  readonly mode: SuiteMode;
  /** Generator version and seed, for `generated` (else null). */
  readonly generatorVersion: string | null;
  readonly seed: number | null;
  /** Execution accuracy on each example's original (main) database alone. */
  readonly exOriginal: number;
  readonly correctOriginal: number;
  /** Execution accuracy on every database of the suite (the run's EX). */
  readonly exSuite: number;
  readonly correctSuite: number;
  /** Examples accepted on the original database and rejected by another database of the suite. */
  readonly changed: readonly number[];
  /** Databases per example beyond the original, in all. */
  readonly extraDatabases: number;
}

export interface SuiteDatabases {
  readonly mode: SuiteMode;
  /** The databases example `index` (of database `dbId`) is scored on, the original first. */
  databasesOf(dbId: string, index?: number): readonly string[];
  /** The original database files used (for provenance). */
  readonly originals: readonly string[];
  /** Each verdict with the generated database that rejected it named `<suiteKey>/gNN.sqlite`. */
  relabel(verdicts: readonly ExecVerdict[]): ExecVerdict[];
  summarize(verdicts: readonly ExecVerdict[]): SuiteSummary;
}

/**
 * The databases of every example of a run under a suite mode. `folders` holds each db_id's
 * checked `.sqlite` files, main first (checkSpiderData). Generated suites use the run's own
 * scoring settings, so a suite's neighbours are told apart as the run compares results.
 */
export async function suiteDatabases(
  request: SuiteRequest,
  gold: readonly GoldExample[],
  folders: ReadonlyMap<string, readonly string[]>,
  ctx: { readonly executor: SqlExecutor; readonly compat: CompatMode; readonly keepDistinct: boolean; readonly limits?: Partial<ExecLimits> },
): Promise<SuiteDatabases> {
  const main = (dbId: string): string => {
    const files = folders.get(dbId) ?? [];
    return files.find((f) => path.basename(f) === `${dbId}.sqlite`) ?? files[0] ?? '';
  };
  const originals = [...folders.keys()].map(main).filter((f) => f !== '');
  const generated = new Map<number, { key: string; files: readonly string[] }>();
  if (request.mode === 'generated') {
    if (!request.suitesDir) throw new TypeError('suite mode generated needs suitesDir');
    const examples = gold.map((g) => ({ index: g.index, dbId: g.dbId, gold: g.sql, databaseFile: main(g.dbId) }));
    const seed = request.seed ?? 0;
    const built = await exampleSuites(examples, request.suitesDir, ctx.executor, {
      seed,
      compat: ctx.compat,
      keepDistinct: ctx.keepDistinct,
      ...(ctx.limits ? { limits: ctx.limits } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
    for (const [index, s] of built) generated.set(index, { key: s.manifest.key, files: s.files });
  }
  const databasesOf = (dbId: string, index?: number): readonly string[] => {
    if (request.mode === 'official') return folders.get(dbId) ?? [];
    const original = main(dbId);
    if (original === '') return [];
    const suite = index === undefined ? undefined : generated.get(index);
    return suite ? [original, ...suite.files] : [original];
  };
  /** The verdict's deciding database is another than the original: accepted there, rejected here. */
  const decidedBeyondOriginal = (v: ExecVerdict): boolean =>
    !v.correct && v.database !== undefined && path.basename(v.database) !== path.basename(main(v.dbId)) && v.reason !== 'unavailable';
  return {
    mode: request.mode,
    databasesOf,
    originals,
    relabel: (verdicts) =>
      verdicts.map((v) => {
        const suite = generated.get(v.index);
        if (!suite || v.correct || v.database === undefined || !decidedBeyondOriginal(v)) return v;
        return { ...v, database: `${suite.key}/${path.basename(v.database)}` };
      }),
    summarize: (verdicts) => {
      const changed = verdicts.filter(decidedBeyondOriginal).map((v) => v.index);
      const correctSuite = verdicts.filter((v) => v.correct).length;
      const correctOriginal = correctSuite + changed.length;
      const n = verdicts.length;
      return {
        mode: request.mode,
        generatorVersion: request.mode === 'generated' ? SUITE_GENERATOR_VERSION : null,
        seed: request.mode === 'generated' ? (request.seed ?? 0) : null,
        exOriginal: n ? correctOriginal / n : 0,
        correctOriginal,
        exSuite: n ? correctSuite / n : 0,
        correctSuite,
        changed,
        extraDatabases: verdicts.reduce((acc, v) => acc + Math.max(0, databasesOf(v.dbId, v.index).length - 1), 0),
      };
    },
  };
}
