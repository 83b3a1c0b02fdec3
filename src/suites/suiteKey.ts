import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { hashSources } from '../core/hashSources.ts';
import { engineId } from '../sql/engineId.ts';
import { SUITE_GENERATOR_VERSION, type SuiteSettings } from './SuiteManifest.ts';

/** The folders whose code builds a suite: the generator and everything it imports (parsing, scoring, the query engine). */
const generatorDirs = ['../core', '../data', '../schema', '../sql', '../metrics', '.'].map((d) => fileURLToPath(new URL(d, import.meta.url)));
let sourceHashMemo: string | undefined;

/**
 * Hash of the code that builds suites and of the query engine (engineId): a suite cached by
 * other code is never reused, even where SUITE_GENERATOR_VERSION was not bumped.
 */
export function generatorSourceHash(): string {
  sourceHashMemo ??= crypto
    .createHash('sha256')
    .update(`${hashSources(generatorDirs, { include: /\.(ts|js|json)$/, relativeTo: fileURLToPath(new URL('..', import.meta.url)) })}|${engineId()}`)
    .digest('hex')
    .slice(0, 16);
  return sourceHashMemo;
}

/**
 * The content address of a suite: sha256 over the database's hash, the gold SQL, the generator
 * version, the generator's code (generatorSourceHash) and the settings (seed included).
 */
export function suiteKey(databaseSha256: string, gold: string, settings: SuiteSettings, generatorVersion = SUITE_GENERATOR_VERSION, sourceHash = generatorSourceHash()): string {
  const s = settings;
  const fields = [databaseSha256, gold, generatorVersion, sourceHash, s.seed, s.candidates, s.maxDatabases, s.maxRows, s.valuesPerColumn, s.compat, s.keepDistinct];
  return crypto.createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
