import { DEFAULT_SEED } from './BootstrapOptions.ts';
import { Xoshiro128 } from '../core/xoshiro128.ts';
import { assertCount } from './_internals/validate.ts';

/** A seeded random subset of example indices. */
export interface IndexSample {
  readonly n: number;
  readonly size: number;
  readonly seed: number;
  /** `size` distinct indices in [0, n), ascending. */
  readonly indices: Uint32Array;
}

/**
 * A uniformly random subset of `size` of the indices 0..n−1 (partial Fisher–Yates), seeded,
 * e.g. the n = 100 slice of "small slices lie". Same seed, same slice.
 */
export function sampleIndices(n: number, size: number, options: { seed?: number } = {}): IndexSample {
  const where = 'sampleIndices';
  assertCount(where, 'n', n);
  assertCount(where, 'size', size);
  if (size > n) throw new RangeError(`${where}: size (${size}) exceeds n (${n})`);
  const seed = options.seed ?? DEFAULT_SEED;
  const rng = Xoshiro128.fromSeed(seed);
  const pool = new Uint32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + rng.below(n - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return { n, size, seed, indices: pool.slice(0, size).sort() };
}
