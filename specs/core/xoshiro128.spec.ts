import { createHash } from 'node:crypto';
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { indexSampler, splitMix64, Xoshiro128 } from '../../src/core/xoshiro128.ts';
import { fcParams } from '../support/fastCheck.ts';

/** xoshiro128** written from the reference C with BigInt arithmetic mod 2^32 (no imul, no >>>). */
function referenceXoshiro(state: [number, number, number, number]): () => number {
  const M = 0xffffffffn;
  let s = state.map(BigInt) as [bigint, bigint, bigint, bigint];
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M;
  return () => {
    const result = (rotl((s[1] * 5n) & M, 7n) * 9n) & M;
    const t = (s[1] << 9n) & M;
    const s2 = s[2] ^ s[0];
    const s3 = s[3] ^ s[1];
    const s1 = s[1] ^ s2;
    const s0 = s[0] ^ s3;
    s = [s0, s1, s2 ^ t, rotl(s3, 11n)];
    return Number(result);
  };
}

describe('xoshiro128**', () => {
  it('reproduces the reference outputs from state (1, 2, 3, 4)', () => {
    // Outputs of Blackman & Vigna's xoshiro128starstar.c, as in rand_xoshiro's test suite.
    // The first is checkable by hand: rotl(2·5, 7)·9 = 1280·9 = 11520.
    const rng = Xoshiro128.fromState(1, 2, 3, 4);
    const out = Array.from({ length: 10 }, () => rng.nextUint32());
    expect(out).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });

  fcTest.prop([fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()).filter((s) => s.some((w) => w !== 0))], fcParams(10))(
    'agrees with a BigInt transcription of the reference code for 1,000 outputs',
    (state) => {
      const words = state.map((w) => w >>> 0) as [number, number, number, number];
      const rng = Xoshiro128.fromState(...words);
      const ref = referenceXoshiro(words);
      for (let i = 0; i < 1000; i++) expect(rng.nextUint32()).toBe(ref());
    },
  );

  it('seeds through SplitMix64, whose reference outputs for seed 1234567 it reproduces', () => {
    // Rosetta Code "Pseudo-random numbers/Splitmix64" (Vigna's splitmix64.c).
    expect(splitMix64(1234567n, 5)).toEqual([
      6457827717110365317n,
      3203168211198807973n,
      9817491932198370423n,
      4593380528125082431n,
      16408922859458223821n,
    ]);
    const [a, b] = splitMix64(7n, 2) as [bigint, bigint];
    const words = [a & 0xffffffffn, a >> 32n, b & 0xffffffffn, b >> 32n].map(Number);
    expect(Xoshiro128.fromSeed(7).state()).toEqual(words);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const take = (seed: number): number[] => {
      const rng = Xoshiro128.fromSeed(seed);
      return Array.from({ length: 8 }, () => rng.nextUint32());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    expect(take(-1)).not.toEqual(take(0));
    expect(() => Xoshiro128.fromSeed(1.5)).toThrow(RangeError);
    expect(() => Xoshiro128.fromState(0, 0, 0, 0)).toThrow(RangeError);
  });

  it('fromText seeds from the text\'s sha256 (first 53 bits, little-endian), through fromSeed', () => {
    const digest = createHash('sha256').update('0\0How many singers?').digest();
    const seed = Number(digest.readBigUInt64LE(0) & ((1n << 53n) - 1n));
    const take = (rng: Xoshiro128): number[] => Array.from({ length: 6 }, () => rng.nextUint32());
    expect(take(Xoshiro128.fromText('0\0How many singers?'))).toEqual(take(Xoshiro128.fromSeed(seed)));
    expect(take(Xoshiro128.fromText('1\0How many singers?'))).not.toEqual(take(Xoshiro128.fromText('0\0How many singers?')));
    expect(take(Xoshiro128.fromText(''))).toEqual(take(Xoshiro128.fromText('')));
  });

  it('nextFloat lies in [0, 1) with mean 1/2', () => {
    const rng = Xoshiro128.fromSeed(1);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    // SD of the mean of 1e5 uniforms is 0.0009; 5 SD.
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.0046);
  });
});

describe('indexSampler (unbiased bounded integers)', () => {
  /**
   * Pearson χ² of `draws` draws in [0, bound), grouped into at most 2,000 equal-width bins
   * (the last one narrower), against the uniform; and its degrees of freedom.
   */
  function chiSquare(bound: number, draws: number, seed: number): { stat: number; df: number; outside: number } {
    const width = Math.ceil(bound / 2000);
    const bins = Math.ceil(bound / width);
    const counts = new Float64Array(bins);
    const draw = indexSampler(Xoshiro128.fromSeed(seed), bound);
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const x = draw();
      if (!(Number.isInteger(x) && x >= 0 && x < bound)) outside++;
      else counts[Math.floor(x / width)]!++;
    }
    let stat = 0;
    for (let k = 0; k < bins; k++) {
      const e = (draws * (Math.min(bound, (k + 1) * width) - k * width)) / bound;
      stat += ((counts[k]! - e) * (counts[k]! - e)) / e;
    }
    return { stat, df: bins - 1, outside };
  }

  it.each([
    [3, 'Lemire path, tiny bound'],
    [1034, 'Lemire path, Spider dev size'],
    [0x200000 + 3, 'modulo path, above 2^21'],
    [3_000_000_019, 'modulo path, near 2^32'],
  ])('is uniform on [0, %i) (%s): χ² within 5 SD of its df', (bound) => {
    const { stat, df, outside } = chiSquare(bound, 100_000, bound % 1000);
    expect(outside).toBe(0);
    expect(Math.abs(stat - df)).toBeLessThan(5 * Math.sqrt(2 * df));
  });

  it('rejects bounds outside [1, 2^32]', () => {
    const rng = Xoshiro128.fromSeed(1);
    expect(() => indexSampler(rng, 0)).toThrow(RangeError);
    expect(() => indexSampler(rng, 2.5)).toThrow(RangeError);
    expect(indexSampler(rng, 1)()).toBe(0);
  });
});
