import type { BootstrapOptions } from './BootstrapOptions.ts';
import type { Correctness } from './Correctness.ts';
import type { AccuracyBootstrap } from './bootstrapAccuracy.ts';
import { clusterIndex, clusterSums } from './_internals/clusterIndex.ts';
import { percentileInterval, standardDeviation } from './_internals/percentile.ts';
import { countOnes, toBits } from './_internals/toBits.ts';
import { resolveBootstrapOptions } from './_internals/validate.ts';
import { indexSampler, Xoshiro128 } from '../core/xoshiro128.ts';

/** Accuracy with a bootstrap interval that resamples whole clusters. */
export interface ClusterAccuracyBootstrap extends Omit<AccuracyBootstrap, 'method'> {
  readonly method: 'cluster-percentile';
  /** Number of distinct clusters (e.g. databases). */
  readonly clusters: number;
}

/**
 * Cluster (block) bootstrap of accuracy: each resample draws as many clusters as there are,
 * with replacement, keeps every example of a drawn cluster, and takes the pooled accuracy
 * (correct over examples drawn). Questions on one Spider database share a schema and fail
 * together, so this interval is the honest one; with few clusters (20 databases in dev) it is
 * itself a little narrow, by about √((G−1)/G).
 */
export function clusterBootstrapAccuracy(
  correct: Correctness,
  clusters: readonly string[],
  options: BootstrapOptions = {},
): ClusterAccuracyBootstrap {
  const where = 'clusterBootstrapAccuracy';
  const bits = toBits(where, correct);
  const { resamples, seed, confidence } = resolveBootstrapOptions(where, options);
  const n = bits.length;
  const index = clusterIndex(where, clusters, n);
  const sums = clusterSums(index, bits);
  const g = index.count;
  const draw = indexSampler(Xoshiro128.fromSeed(seed), g);
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let hits = 0;
    let size = 0;
    for (let i = 0; i < g; i++) {
      const c = draw();
      hits += sums[c]!;
      size += index.sizes[c]!;
    }
    stats[r] = hits / size;
  }
  stats.sort();
  const k = countOnes(bits);
  return {
    method: 'cluster-percentile',
    n,
    clusters: g,
    correct: k,
    accuracy: k / n,
    ci: percentileInterval(stats, confidence),
    se: standardDeviation(stats),
    resamples,
    seed,
    confidence,
  };
}
