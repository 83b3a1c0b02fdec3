import type { Xoshiro128 } from '../../core/xoshiro128.ts';

/**
 * For each of `resamples` bootstrap resamples, draw `weights.length` indices uniformly with
 * replacement and return the sum of the weights at those indices.
 *
 * This is the hot loop of every bootstrap here (10,000 × 1,034 draws), so the xoshiro128**
 * step and Lemire's unbiased bounded draw are written out inline on local variables: through
 * method calls it runs ~2× slower. It draws exactly the indices `indexSampler(rng, n)` would,
 * in the same order (checked in specs/stats/resampleSums.spec.ts), and leaves `rng` where
 * that sampler would have.
 *
 * Paired bootstraps pack two 0/1 vectors into one weight (a·(n+1) + b) so that one pass
 * sums both; sums stay exact integers in a double while n·(n+1) < 2^53.
 */
export function resampleSums(weights: Float64Array, resamples: number, rng: Xoshiro128): Float64Array {
  const n = weights.length;
  if (n < 1 || n > 0x200000) throw new RangeError(`resampleSums: n must be in [1, 2^21], got ${n}`);
  const threshold = 4294967296 % n;
  const sums = new Float64Array(resamples);
  // As int32 from the start: a uint32 above 2^31 would make V8 keep the state as doubles.
  const state = rng.state();
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    let i = 0;
    while (i < n) {
      // xoshiro128** step (see Xoshiro128.nextUint32)
      const m0 = Math.imul(s1, 5);
      const x = Math.imul((m0 << 7) | (m0 >>> 25), 9) >>> 0;
      const t = s1 << 9;
      const n2 = s2 ^ s0;
      const n3 = s3 ^ s1;
      s1 = s1 ^ n2;
      s0 = s0 ^ n3;
      s2 = n2 ^ t;
      s3 = (n3 << 11) | (n3 >>> 21);
      // Lemire: reject the few x whose low product word would bias the index
      if (Math.imul(x, n) >>> 0 < threshold) continue;
      sum += weights[(x * n * 2.3283064365386963e-10) | 0]!;
      i++;
    }
    sums[r] = sum;
  }
  rng.restore(s0, s1, s2, s3);
  return sums;
}
