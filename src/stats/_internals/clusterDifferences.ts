import type { Correctness } from '../Correctness.ts';
import { clusterSums } from './clusterIndex.ts';
import { pairedInputs } from './pairedInputs.ts';

/** Paired verdicts summed by cluster: what the clustered tests of a difference start from. */
export interface ClusterDifferences {
  readonly bitsA: Uint8Array;
  readonly bitsB: Uint8Array;
  /** Number of clusters. */
  readonly clusters: number;
  /** d_k = correct(a) − correct(b) in cluster k, clusters in order of first appearance. */
  readonly d: Float64Array;
}

/** Checks a, b (paired) and one cluster label per example; throws RangeError naming `where`. */
export function clusterDifferences(where: string, a: Correctness, b: Correctness, clusters: readonly string[]): ClusterDifferences {
  const { bitsA, bitsB, index } = pairedInputs(where, a, b, clusters);
  const sumsA = clusterSums(index!, bitsA);
  const sumsB = clusterSums(index!, bitsB);
  return { bitsA, bitsB, clusters: index!.count, d: sumsA.map((x, k) => x - sumsB[k]!) };
}
