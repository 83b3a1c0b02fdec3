import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sha256File } from '../data/sha256File.ts';
import type { ExecLimits, SqlExecutor } from '../sql/ExecOutcome.ts';
import { distillSuite, type DistillOptions } from './distillSuite.ts';
import { readSuiteManifest } from './readSuiteManifest.ts';
import { SUITE_GENERATOR_VERSION, type SuiteManifest, type SuiteSettings } from './SuiteManifest.ts';
import type { SuiteInput } from './suiteGenerator.ts';
import { generatorSourceHash, suiteKey } from './suiteKey.ts';

export interface BuildSuiteOptions extends DistillOptions {
  readonly compat?: SuiteSettings['compat'];
  readonly keepDistinct?: boolean;
  readonly limits?: Partial<ExecLimits>;
}

/** A suite on disk: its folder (manifest.json and the .sqlite files) and whether it came from the cache. */
export interface BuiltSuite {
  readonly dir: string;
  readonly manifest: SuiteManifest;
  /** The suite's database files, in the manifest's order. */
  readonly files: readonly string[];
  readonly cached: boolean;
}

/** Settings with every default filled and checked: the one place defaults live. */
export function resolveSuiteSettings(options: BuildSuiteOptions = {}): SuiteSettings {
  const s: SuiteSettings = {
    seed: options.seed ?? 0,
    candidates: options.candidates ?? 40,
    maxDatabases: options.maxDatabases ?? 8,
    maxRows: options.maxRows ?? 5,
    valuesPerColumn: options.valuesPerColumn ?? 12,
    compat: options.compat ?? 'official',
    keepDistinct: options.keepDistinct ?? false,
  };
  for (const [name, v] of [['candidates', s.candidates], ['maxDatabases', s.maxDatabases], ['maxRows', s.maxRows], ['valuesPerColumn', s.valuesPerColumn]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  if (!Number.isSafeInteger(s.seed)) throw new RangeError(`seed must be a safe integer, got ${s.seed}`);
  return s;
}

/**
 * The generated test suite of one gold query, built once and then read from `suitesDir`
 * (`homeLayout(home).suites`): a folder named by `suiteKey` holding the kept databases and
 * `manifest.json`. Built in a temporary folder and renamed into place, so a reader sees a whole
 * suite or none; a folder whose manifest or files are missing or altered is built again.
 */
export async function buildSuite(input: SuiteInput, suitesDir: string, executor: SqlExecutor, options: BuildSuiteOptions = {}): Promise<BuiltSuite> {
  const settings = resolveSuiteSettings(options);
  const databaseSha256 = sha256File(input.databaseFile);
  const key = suiteKey(databaseSha256, input.gold, settings);
  const dir = path.join(suitesDir, key);
  const existing = readSuiteManifest(dir);
  if (existing.kind === 'ok' && existing.manifest.key === key) return { dir, manifest: existing.manifest, files: existing.files, cached: true };
  fs.mkdirSync(suitesDir, { recursive: true });
  const tmp = path.join(suitesDir, `.${key}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
  const work = path.join(tmp, 'work');
  try {
    const scoring = { compat: settings.compat, keepDistinct: settings.keepDistinct };
    const suite = await distillSuite(input, work, { executor, scoring, ...(options.limits ? { limits: options.limits } : {}) }, settings);
    const names = suite.databases.map((_, i) => `g${String(i + 1).padStart(2, '0')}.sqlite`);
    suite.databases.forEach((d, i) => fs.renameSync(d.file, path.join(tmp, names[i]!)));
    fs.rmSync(work, { recursive: true, force: true });
    const killedBy = (k: 'original' | number | null) => (typeof k === 'number' ? names[k]! : k);
    const manifest: SuiteManifest = {
      format: 1,
      key,
      generatorVersion: SUITE_GENERATOR_VERSION,
      generatorSource: generatorSourceHash(),
      dbId: input.dbId,
      gold: input.gold,
      databaseSha256,
      settings,
      neighbourStatus: suite.neighbourStatus,
      databases: suite.databases.map((d, i) => ({ file: names[i]!, sampleIndex: d.sampleIndex, sha256: sha256File(path.join(tmp, names[i]!)), rows: d.rows, kills: d.kills.length })),
      neighbours: suite.neighbours.map((n) => ({ kind: n.kind, sql: n.sql, killedBy: killedBy(n.killedBy) })),
      counts: {
        neighbours: suite.neighbours.length,
        killedByOriginal: suite.neighbours.filter((n) => n.killedBy === 'original').length,
        killedBySuite: suite.neighbours.filter((n) => typeof n.killedBy === 'number').length,
        alive: suite.neighbours.filter((n) => n.killedBy === null).length,
        candidates: suite.candidates.drawn,
        goldError: suite.candidates.goldError,
        unstable: suite.candidates.unstable,
      },
      ms: Math.round(suite.ms),
    };
    fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, dir);
    } catch {
      // Another process put the same suite in place first: theirs is as good as ours.
    }
    const files = manifest.databases.map((d) => path.join(dir, d.file));
    return { dir, manifest, files, cached: false };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
