import type { BootstrapOptions } from './BootstrapOptions.ts';
import type { Correctness } from './Correctness.ts';
import type { Interval } from './Interval.ts';
import { percentileInterval, standardDeviation } from './_internals/percentile.ts';
import { resampleSums } from './_internals/resampleSums.ts';
import { countOnes, toBits } from './_internals/toBits.ts';
import { resolveBootstrapOptions } from './_internals/validate.ts';
import { Xoshiro128 } from '../core/xoshiro128.ts';

/** Accuracy of one system with its percentile bootstrap interval. */
export interface AccuracyBootstrap {
  readonly method: 'percentile';
  /** Number of examples. */
  readonly n: number;
  /** Number judged correct. */
  readonly correct: number;
  /** correct / n. */
  readonly accuracy: number;
  /** Equal-tailed percentile interval of the resampled accuracies (type-7 quantiles). */
  readonly ci: Interval;
  /** Standard deviation of the resampled accuracies (bootstrap standard error). */
  readonly se: number;
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
}

/**
 * Percentile bootstrap of accuracy: each resample draws n example indices with replacement
 * (really drawn, one by one) and counts the correct ones among them. Throws on n = 0.
 */
export function bootstrapAccuracy(correct: Correctness, options: BootstrapOptions = {}): AccuracyBootstrap {
  const where = 'bootstrapAccuracy';
  const bits = toBits(where, correct);
  const { resamples, seed, confidence } = resolveBootstrapOptions(where, options);
  const n = bits.length;
  // As accuracies (count / n) before taking quantiles, exactly as the paired bootstraps do, so
  // a run's interval is the same number here, in a claim and in `t2sql compare`.
  const accuracies = resampleSums(Float64Array.from(bits), resamples, Xoshiro128.fromSeed(seed)).map((c) => c / n).sort();
  const k = countOnes(bits);
  return {
    method: 'percentile',
    n,
    correct: k,
    accuracy: k / n,
    ci: percentileInterval(accuracies, confidence),
    se: standardDeviation(accuracies),
    resamples,
    seed,
    confidence,
  };
}
