import type { Correctness } from './Correctness.ts';
import { clusterDifferences } from './_internals/clusterDifferences.ts';
import { normalCdf } from './_internals/normal.ts';

/** McNemar's test adjusted for clustered pairs (Durkalski et al. 2003). */
export interface ClusteredMcnemarResult {
  readonly test: 'mcnemar-clustered';
  readonly n: number;
  readonly clusters: number;
  /** Pairs where a is correct and b is wrong, over all clusters. */
  readonly b10: number;
  /** Pairs where a is wrong and b is correct, over all clusters. */
  readonly b01: number;
  /** (Σ_k d_k)² / Σ_k d_k², d_k = b10_k − b01_k; ~ χ²(1) under H0 as clusters grow. */
  readonly statistic: number;
  /** Two-sided p-value from χ²(1). */
  readonly pValue: number;
  readonly pOneSided: { readonly aBetter: number; readonly bBetter: number };
  /**
   * Σ_k d_k² / (b10 + b01): the variance of the difference under H0 with clustering, over the
   * same variance if the pairs were independent (1 with one pair per cluster; 1 when nothing is
   * discordant). Power and detectable-effect figures of a clustered test divide n by it.
   */
  readonly designEffect: number;
}

/**
 * Durkalski, Palesch, Lipsitz & Rust (2003), "Analysis of clustered matched-pair data",
 * Stat Med 22:2417. It makes no assumption on the within-cluster correlation and reduces to
 * McNemar's χ² (no continuity correction) when every cluster has one pair. Yang, Sun & Hardin
 * (2010) recommend it for few clusters of unequal size, which is Spider dev (20 databases);
 * still asymptotic in the number of clusters, so read it next to the cluster bootstrap.
 */
export function clusteredMcnemar(a: Correctness, b: Correctness, clusters: readonly string[]): ClusteredMcnemarResult {
  const { bitsA, bitsB, clusters: count, d } = clusterDifferences('clusteredMcnemar', a, b, clusters);
  const n = bitsA.length;
  let b10 = 0;
  let b01 = 0;
  for (let i = 0; i < n; i++) {
    if (bitsA[i]! > bitsB[i]!) b10++;
    else if (bitsA[i]! < bitsB[i]!) b01++;
  }
  // Within a cluster, b10_k − b01_k = correctA_k − correctB_k.
  let sum = 0;
  let sumSq = 0;
  for (const dk of d) {
    sum += dk;
    sumSq += dk * dk;
  }
  if (sumSq === 0) {
    // No discordant pair anywhere: no evidence either way.
    return { test: 'mcnemar-clustered', n, clusters: count, b10, b01, statistic: 0, pValue: 1, pOneSided: { aBetter: 1, bBetter: 1 }, designEffect: 1 };
  }
  const z = sum / Math.sqrt(sumSq);
  return {
    test: 'mcnemar-clustered',
    n,
    clusters: count,
    b10,
    b01,
    statistic: z * z,
    pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))),
    pOneSided: { aBetter: normalCdf(-z), bBetter: normalCdf(z) },
    designEffect: sumSq / (b10 + b01),
  };
}
