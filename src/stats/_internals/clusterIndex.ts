/** Examples grouped by cluster (e.g. `db_id`), clusters numbered in order of first appearance. */
export interface ClusterIndex {
  /** Number of clusters. */
  readonly count: number;
  /** Cluster number of each example. */
  readonly of: Uint32Array;
  /** Number of examples in each cluster. */
  readonly sizes: Float64Array;
}

/** Numbers the clusters; throws unless there is one label per example. */
export function clusterIndex(where: string, clusters: readonly string[], n: number): ClusterIndex {
  if (clusters.length !== n) {
    throw new RangeError(`${where}: clusters has ${clusters.length} labels for ${n} examples`);
  }
  const ids = new Map<string, number>();
  const of = new Uint32Array(n);
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = clusters[i];
    if (typeof label !== 'string') throw new RangeError(`${where}: clusters[${i}] must be a string`);
    let id = ids.get(label);
    if (id === undefined) {
      id = sizes.length;
      ids.set(label, id);
      sizes.push(0);
    }
    of[i] = id;
    sizes[id]! += 1;
  }
  return { count: sizes.length, of, sizes: Float64Array.from(sizes) };
}

/** Per-cluster sums of a 0/1 vector. */
export function clusterSums(index: ClusterIndex, bits: Uint8Array): Float64Array {
  const sums = new Float64Array(index.count);
  for (let i = 0; i < bits.length; i++) sums[index.of[i]!]! += bits[i]!;
  return sums;
}
