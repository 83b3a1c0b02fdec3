import type { BootstrapOptions } from './BootstrapOptions.ts';
import type { Correctness } from './Correctness.ts';
import type { Interval } from './Interval.ts';
import { pairedDistributions } from './_internals/pairedDistributions.ts';
import { percentileInterval, standardDeviation } from './_internals/percentile.ts';
import { pairedInputs } from './_internals/pairedInputs.ts';
import { countOnes } from './_internals/toBits.ts';
import { resolveBootstrapOptions } from './_internals/validate.ts';
import { Xoshiro128 } from '../core/xoshiro128.ts';

/** Options of the paired bootstraps: the shared ones, plus clusters to resample whole. */
export interface PairedBootstrapOptions extends BootstrapOptions {
  /** One cluster label per example (e.g. `db_id`): resample whole clusters of pairs. */
  clusters?: readonly string[];
}

/** One system's side of a paired bootstrap. */
export interface PairedSide {
  readonly correct: number;
  readonly accuracy: number;
  readonly ci: Interval;
  readonly se: number;
}

interface PairedBootstrapCommon {
  readonly n: number;
  readonly a: PairedSide;
  readonly b: PairedSide;
  /** accuracy(a) − accuracy(b), its paired percentile interval and bootstrap SE. */
  readonly difference: { readonly estimate: number; readonly ci: Interval; readonly se: number };
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
}

/** Paired bootstrap of two systems scored on the same examples. */
export type PairedBootstrap = PairedBootstrapCommon &
  ({ readonly method: 'paired-percentile' } | { readonly method: 'cluster-paired-percentile'; readonly clusters: number });

/**
 * Paired percentile bootstrap: each resample draws n example indices (or all clusters, with
 * replacement) and scores both systems on the same draw. The marginal intervals of a and b
 * come from the same resamples; the interval of the difference is the one to read.
 */
export function pairedBootstrap(a: Correctness, b: Correctness, options: PairedBootstrapOptions = {}): PairedBootstrap {
  const where = 'pairedBootstrap';
  const { bitsA, bitsB, index } = pairedInputs(where, a, b, options.clusters);
  const { resamples, seed, confidence } = resolveBootstrapOptions(where, options);
  const dist = pairedDistributions(bitsA, bitsB, index, resamples, Xoshiro128.fromSeed(seed));
  const n = bitsA.length;
  const side = (bits: Uint8Array, values: Float64Array): PairedSide => {
    const k = countOnes(bits);
    return { correct: k, accuracy: k / n, ci: percentileInterval(values.sort(), confidence), se: standardDeviation(values) };
  };
  const sideA = side(bitsA, dist.a);
  const sideB = side(bitsB, dist.b);
  const common: PairedBootstrapCommon = {
    n,
    a: sideA,
    b: sideB,
    difference: {
      estimate: (sideA.correct - sideB.correct) / n,
      ci: percentileInterval(dist.diff.sort(), confidence),
      se: standardDeviation(dist.diff),
    },
    resamples,
    seed,
    confidence,
  };
  return index === null
    ? { method: 'paired-percentile', ...common }
    : { method: 'cluster-paired-percentile', clusters: index.count, ...common };
}
