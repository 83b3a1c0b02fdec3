import type { ClusterIndex } from './clusterIndex.ts';
import { clusterSums } from './clusterIndex.ts';
import { resampleSums } from './resampleSums.ts';
import { indexSampler, type Xoshiro128 } from '../../core/xoshiro128.ts';

/** Bootstrap distributions of two paired accuracies and their difference (unsorted). */
export interface PairedDistributions {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly diff: Float64Array;
}

/**
 * Resample the pairs (or whole clusters of pairs) together, so each resample keeps the
 * pairing: the spread of the difference reflects how often the systems disagree, not the
 * sum of two independent spreads.
 */
export function pairedDistributions(
  bitsA: Uint8Array,
  bitsB: Uint8Array,
  clusters: ClusterIndex | null,
  resamples: number,
  rng: Xoshiro128,
): PairedDistributions {
  const a = new Float64Array(resamples);
  const b = new Float64Array(resamples);
  const diff = new Float64Array(resamples);
  if (clusters === null) {
    const n = bitsA.length;
    // Pack both verdicts in one weight, a·(n+1) + b, so one pass of draws sums both.
    const base = n + 1;
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) weights[i] = bitsA[i]! * base + bitsB[i]!;
    const sums = resampleSums(weights, resamples, rng);
    for (let r = 0; r < resamples; r++) {
      const s = sums[r]!;
      const sa = Math.floor(s / base);
      const sb = s - sa * base;
      a[r] = sa / n;
      b[r] = sb / n;
      diff[r] = (sa - sb) / n;
    }
    return { a, b, diff };
  }
  const g = clusters.count;
  const sumsA = clusterSums(clusters, bitsA);
  const sumsB = clusterSums(clusters, bitsB);
  const draw = indexSampler(rng, g);
  for (let r = 0; r < resamples; r++) {
    let ha = 0;
    let hb = 0;
    let size = 0;
    for (let i = 0; i < g; i++) {
      const c = draw();
      ha += sumsA[c]!;
      hb += sumsB[c]!;
      size += clusters.sizes[c]!;
    }
    a[r] = ha / size;
    b[r] = hb / size;
    diff[r] = (ha - hb) / size;
  }
  return { a, b, diff };
}
