import type { CompatMode } from '../sql/officialPreprocess.ts';
import type { NeighbourKind } from './neighbourQueries.ts';
import type { DistilledSuite } from './distillSuite.ts';

/** Bumped whenever a change to the generator could change a suite built from the same inputs. */
export const SUITE_GENERATOR_VERSION = 'suites-2';

/** Everything a suite's content depends on besides the database and the gold. */
export interface SuiteSettings {
  readonly seed: number;
  readonly candidates: number;
  readonly maxDatabases: number;
  readonly maxRows: number;
  readonly valuesPerColumn: number;
  readonly compat: CompatMode;
  readonly keepDistinct: boolean;
}

/**
 * `manifest.json` of a suite folder: what produced it (content address, inputs' hashes,
 * generator version, seed and settings), its databases (files beside the manifest, in the
 * order they were chosen) and the neighbour queries with where each was told apart.
 */
export interface SuiteManifest {
  readonly format: 1;
  readonly key: string;
  readonly generatorVersion: string;
  /** The code that built it and the query engine (generatorSourceHash): part of the key. */
  readonly generatorSource: string;
  readonly dbId: string;
  readonly gold: string;
  /** sha256 of the original database file. */
  readonly databaseSha256: string;
  readonly settings: SuiteSettings;
  readonly neighbourStatus: DistilledSuite['neighbourStatus'];
  readonly databases: ReadonlyArray<{ readonly file: string; readonly sampleIndex: number; readonly sha256: string; readonly rows: number; readonly kills: number }>;
  readonly neighbours: ReadonlyArray<{ readonly kind: NeighbourKind; readonly sql: string; readonly killedBy: 'original' | string | null }>;
  readonly counts: {
    readonly neighbours: number;
    readonly killedByOriginal: number;
    readonly killedBySuite: number;
    readonly alive: number;
    readonly candidates: number;
    readonly goldError: number;
    readonly unstable: number;
  };
  /** Time the build took (not part of the content). */
  readonly ms: number;
}
