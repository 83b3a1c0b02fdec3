import type { Correctness } from '../Correctness.ts';
import { clusterIndex, type ClusterIndex } from './clusterIndex.ts';
import { toBits } from './toBits.ts';

/** Checked verdict vectors of equal length, and the cluster index if clusters were given. */
export function pairedInputs(
  where: string,
  a: Correctness,
  b: Correctness,
  clusters: readonly string[] | undefined,
): { bitsA: Uint8Array; bitsB: Uint8Array; index: ClusterIndex | null } {
  const bitsA = toBits(where, a, 'a');
  const bitsB = toBits(where, b, 'b');
  if (bitsA.length !== bitsB.length) {
    throw new RangeError(`${where}: a has ${bitsA.length} verdicts, b has ${bitsB.length}: not paired`);
  }
  return { bitsA, bitsB, index: clusters === undefined ? null : clusterIndex(where, clusters, bitsA.length) };
}
