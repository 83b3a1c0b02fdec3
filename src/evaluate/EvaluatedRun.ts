import type { ExecReason } from '../metrics/ExecVerdict.ts';

/**
 * A system's per-example execution verdicts on a split: what every claim is computed from.
 * `correct[i]` is 1 when example i is a match. `dbIds[i]` is its database (the cluster for
 * cluster-aware statistics).
 */
export interface EvaluatedRun {
  readonly name: string;
  /** What the run is, for humans (model, condition). */
  readonly label: string;
  readonly n: number;
  readonly correct: Uint8Array;
  /** Never `unavailable`: a run with such examples has no score and is not made (ExecutionUnavailableError). */
  readonly reasons: readonly ExecReason[];
  readonly dbIds: readonly string[];
  readonly accuracy: number;
  /** Which example indices of the split these are (a slice keeps the originals). */
  readonly indices: readonly number[];
  /** Hashes and settings that produced the verdicts. */
  readonly source: {
    readonly predictionsSha256: string | null;
    readonly goldSha256: string;
    readonly compat: string;
    readonly evaluatorHash: string;
  };
}

/** The same run restricted to some examples (e.g. a seeded random slice of 100). */
export function sliceRun(run: EvaluatedRun, positions: readonly number[], name = `${run.name}[${positions.length}]`): EvaluatedRun {
  const correct = Uint8Array.from(positions, (p) => run.correct[p]!);
  let k = 0;
  for (const c of correct) k += c;
  return {
    ...run,
    name,
    n: positions.length,
    correct,
    reasons: positions.map((p) => run.reasons[p]!),
    dbIds: positions.map((p) => run.dbIds[p]!),
    indices: positions.map((p) => run.indices[p]!),
    accuracy: positions.length ? k / positions.length : 0,
  };
}
