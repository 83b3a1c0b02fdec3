import { DEFAULTS } from './defaults.ts';
import type { BootstrapOptions } from './BootstrapOptions.ts';
import type { Correctness } from './Correctness.ts';
import type { Interval } from './Interval.ts';
import { pairedDistributions } from './_internals/pairedDistributions.ts';
import { pairedInputs } from './_internals/pairedInputs.ts';
import { percentileInterval } from './_internals/percentile.ts';
import { countOnes } from './_internals/toBits.ts';
import { assertOpenUnit, resolveBootstrapOptions } from './_internals/validate.ts';
import { Xoshiro128 } from '../core/xoshiro128.ts';

/** Options of equivalenceTest: the margin is required. */
export interface EquivalenceOptions extends Omit<BootstrapOptions, 'confidence'> {
  /** Equivalence margin Δ in accuracy (e.g. 0.02 for two points): tied means |a − b| < Δ. */
  margin: number;
  /** Level of each one-sided test. Default 0.05, giving a 90% interval. */
  alpha?: number;
  /** One cluster label per example: resample whole clusters of pairs. */
  clusters?: readonly string[];
}

/** A paired TOST equivalence test of two systems' accuracies. */
export interface EquivalenceResult {
  readonly test: 'tost-paired-bootstrap';
  readonly n: number;
  readonly margin: number;
  readonly alpha: number;
  /** accuracy(a) − accuracy(b). */
  readonly difference: number;
  /** Paired percentile interval of the difference at confidence 1 − 2α. */
  readonly ci: Interval;
  /** ci lies strictly inside (−margin, margin): the two are tied within the margin. */
  readonly equivalent: boolean;
  /**
   * Bootstrap TOST p-value, max(P*(δ* ≤ −Δ), P*(δ* ≥ Δ)) over the resamples; reported with
   * the decision, which is the interval inclusion (they agree up to quantile interpolation).
   * When no resample reaches a margin the estimate would be 0, which B resamples cannot show:
   * it is then reported as its bound 1/(B + 1), with `pValueIsBound` set ("p ≤ …").
   */
  readonly pValue: number;
  /** pValue is an upper bound, 1/(B + 1): no resample reached either margin. */
  readonly pValueIsBound: boolean;
  readonly clusters: number | null;
  readonly resamples: number;
  readonly seed: number;
}

/**
 * Two one-sided tests (Schuirmann 1987) in their interval form: "a and b are tied" is
 * supported when the (1 − 2α) paired bootstrap interval of a − b lies within ±margin.
 * Failing to find a difference (a large McNemar p) is not evidence of a tie; this is.
 */
export function equivalenceTest(a: Correctness, b: Correctness, options: EquivalenceOptions): EquivalenceResult {
  const where = 'equivalenceTest';
  const { bitsA, bitsB, index } = pairedInputs(where, a, b, options.clusters);
  const alpha = options.alpha ?? DEFAULTS.alpha;
  assertOpenUnit(where, 'alpha', alpha);
  if (alpha >= 0.5) throw new RangeError(`${where}: alpha must be below 0.5, got ${alpha}`);
  const margin = options.margin;
  if (!(margin > 0 && margin <= 1)) throw new RangeError(`${where}: margin must be in (0, 1], got ${margin}`);
  const { resamples, seed } = resolveBootstrapOptions(where, { ...options, confidence: 1 - 2 * alpha });
  const dist = pairedDistributions(bitsA, bitsB, index, resamples, Xoshiro128.fromSeed(seed));
  const diffs = dist.diff.sort();
  const ci = percentileInterval(diffs, 1 - 2 * alpha);
  let below = 0;
  let above = 0;
  for (const d of diffs) {
    if (d <= -margin) below++;
    else if (d >= margin) above++;
  }
  const n = bitsA.length;
  return {
    test: 'tost-paired-bootstrap',
    n,
    margin,
    alpha,
    difference: (countOnes(bitsA) - countOnes(bitsB)) / n,
    ci,
    equivalent: ci[0] > -margin && ci[1] < margin,
    pValue: Math.max(below, above) === 0 ? 1 / (resamples + 1) : Math.max(below, above) / resamples,
    pValueIsBound: Math.max(below, above) === 0,
    clusters: index === null ? null : index.count,
    resamples,
    seed,
  };
}
