import crypto from 'node:crypto';
import { SUITE_GENERATOR_VERSION, type SuiteSettings } from './SuiteManifest.ts';

/** The content address of a suite: sha256 over the database's hash, the gold SQL, the generator version and the settings (seed included). */
export function suiteKey(databaseSha256: string, gold: string, settings: SuiteSettings, generatorVersion = SUITE_GENERATOR_VERSION): string {
  const s = settings;
  const fields = [databaseSha256, gold, generatorVersion, s.seed, s.candidates, s.maxDatabases, s.maxRows, s.valuesPerColumn, s.compat, s.keepDistinct];
  return crypto.createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
