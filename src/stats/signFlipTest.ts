import type { Correctness } from './Correctness.ts';
import { clusterDifferences } from './_internals/clusterDifferences.ts';

/** The exact sign-flip (cluster permutation) test of a paired difference. */
export interface SignFlipResult {
  readonly test: 'sign-flip-exact';
  readonly n: number;
  readonly clusters: number;
  /** Clusters whose difference is not zero (the others carry no information). */
  readonly informative: number;
  /** Σ_k d_k, d_k = correct(a) − correct(b) in cluster k: n times the accuracy difference. */
  readonly statistic: number;
  /** Two-sided: P(|Σ s_k d_k| ≥ |Σ d_k|) over all 2^G sign vectors s. */
  readonly pValue: number;
  /** One-sided: a better is P(Σ s_k d_k ≥ Σ d_k); b better is P(Σ s_k d_k ≤ Σ d_k). */
  readonly pOneSided: { readonly aBetter: number; readonly bBetter: number };
  /** The smallest p-value this many informative clusters allow (one-sided 2^−G). */
  readonly smallestPossible: number;
}

/**
 * Exact sign-flip permutation test over clusters (Fisher's randomization test on cluster
 * differences): under H0 each database's difference d_k is as likely to be −d_k, so every
 * one of the 2^G sign patterns is equally likely. It assumes nothing about within-database
 * correlation and nothing asymptotic in G, which is why it decides with few clusters (Spider
 * dev: 20 databases). Its statistic Σ d_k, divided by √Σ d_k² (fixed under flips), is
 * Durkalski's clustered McNemar z: this is that test's exact version. The null distribution
 * of the integer sum is built by convolution, O(G · Σ|d_k|), so it is exact for any G.
 */
export function signFlipTest(a: Correctness, b: Correctness, clusters: readonly string[]): SignFlipResult {
  const differences = clusterDifferences('signFlipTest', a, b, clusters);
  const d: number[] = [];
  let observed = 0;
  for (const x of differences.d) {
    observed += x;
    if (x !== 0) d.push(Math.abs(x));
  }
  const total = d.reduce((s, x) => s + x, 0);
  // dist[i] = P(Σ s_k |d_k| = i − total); the signs of d_k do not matter under flips.
  let dist = new Float64Array(2 * total + 1);
  dist[total] = 1;
  let reach = 0;
  for (const x of d) {
    const next = new Float64Array(dist.length);
    for (let i = total - reach; i <= total + reach; i++) {
      const w = dist[i]!;
      if (w === 0) continue;
      next[i + x]! += w / 2;
      next[i - x]! += w / 2;
    }
    dist = next;
    reach += x;
  }
  let upper = 0;
  let lower = 0;
  let twoSided = 0;
  for (let i = 0; i < dist.length; i++) {
    const w = dist[i]!;
    if (w === 0) continue;
    const s = i - total;
    if (s >= observed) upper += w;
    if (s <= observed) lower += w;
    if (Math.abs(s) >= Math.abs(observed)) twoSided += w;
  }
  return {
    test: 'sign-flip-exact',
    n: differences.bitsA.length,
    clusters: differences.clusters,
    informative: d.length,
    statistic: observed,
    pValue: Math.min(1, twoSided),
    pOneSided: { aBetter: Math.min(1, upper), bBetter: Math.min(1, lower) },
    smallestPossible: 2 ** -d.length,
  };
}
