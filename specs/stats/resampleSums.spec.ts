import { describe, expect, it } from 'vitest';
import { indexSampler, Xoshiro128 } from '../../src/core/xoshiro128.ts';
import { resampleSums } from '../../src/stats/_internals/resampleSums.ts';

describe('resampleSums (the bootstrap kernel)', () => {
  it('resampleSums draws exactly the indices indexSampler draws, and leaves the generator in the same place', () => {
    // Weights = the indices themselves: each resample sum is the sum of the drawn indices.
    for (const n of [1, 7, 1034]) {
      const weights = Float64Array.from({ length: n }, (_, i) => i);
      const fast = Xoshiro128.fromSeed(n);
      const sums = resampleSums(weights, 300, fast);
      const slow = Xoshiro128.fromSeed(n);
      const draw = indexSampler(slow, n);
      for (let r = 0; r < 300; r++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += draw();
        expect(sums[r]).toBe(s);
      }
      expect(fast.state()).toEqual(slow.state());
    }
  });
});
