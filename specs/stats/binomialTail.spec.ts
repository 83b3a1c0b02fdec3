import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { binomialTail } from '../../src/stats/index.ts';
import { exactBinomialTail } from './support/exact.ts';
import { fcParams } from '../support/fastCheck.ts';

const relErr = (x: number, ref: number): number => (ref === 0 ? Math.abs(x) : Math.abs(x - ref) / ref);

describe('binomialTail', () => {
  it('gives textbook values for small n', () => {
    // P(X ≤ 1 | 8, ½) = (1 + 8)/256; P(X ≥ 12 | 14, ½) = (1 + 14 + 91)/16384.
    expect(binomialTail(1, 8, 'lower')).toBeCloseTo(9 / 256, 15);
    expect(binomialTail(12, 14, 'upper')).toBeCloseTo(106 / 16384, 15);
    // P(X ≥ 3 | 10, 0.1) = 1 − (0.9^10 + 10·0.1·0.9^9 + 45·0.01·0.9^8) = 0.0701908264
    expect(binomialTail(3, 10, 'upper', 0.1)).toBeCloseTo(0.0701908264, 10);
  });

  it('is exact deep in the tail, where 1 − (bulk) would give 0: P(X ≥ n) = 2^−n', () => {
    expect(relErr(binomialTail(1000, 1000, 'upper'), 2 ** -1000)).toBeLessThan(1e-12);
    expect(relErr(binomialTail(0, 1000, 'lower'), 2 ** -1000)).toBeLessThan(1e-12);
    expect(relErr(binomialTail(20, 400, 'lower'), exactBinomialTail(20, 400, 'lower'))).toBeLessThan(1e-12);
  });

  it('handles the boundaries: empty tails, full tails, p = 0 and p = 1, n = 0', () => {
    expect(binomialTail(-1, 10, 'lower')).toBe(0);
    expect(binomialTail(10, 10, 'lower')).toBe(1);
    expect(binomialTail(0, 10, 'upper')).toBe(1);
    expect(binomialTail(11, 10, 'upper')).toBe(0);
    expect(binomialTail(0, 10, 'lower', 0)).toBe(1);
    expect(binomialTail(1, 10, 'upper', 0)).toBe(0);
    expect(binomialTail(9, 10, 'lower', 1)).toBe(0);
    expect(binomialTail(0, 0, 'upper')).toBe(1);
    expect(() => binomialTail(1, -1, 'upper')).toThrow(RangeError);
    expect(() => binomialTail(1, 10, 'upper', 1.5)).toThrow(RangeError);
    expect(() => binomialTail(0.5, 10, 'upper')).toThrow(RangeError);
  });

  fcTest.prop(
    [fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 9 }), fc.constantFrom<'lower' | 'upper'>('lower', 'upper')],
    fcParams(60),
  )('matches exact rational arithmetic (p = ½ and p = j/10) to 1e-11 relative', (n, kFraction, tenths, side) => {
    const k = Math.round(kFraction * n);
    expect(relErr(binomialTail(k, n, side), exactBinomialTail(k, n, side))).toBeLessThan(1e-11);
    expect(relErr(binomialTail(k, n, side, tenths / 10), exactBinomialTail(k, n, side, BigInt(tenths), 10n))).toBeLessThan(1e-11);
  });

  fcTest.prop([fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.001, max: 0.999, noNaN: true })], fcParams(200))(
    'P(X ≤ k) + P(X ≥ k + 1) = 1 for large n too',
    (n, kFraction, p) => {
      const k = Math.floor(kFraction * n);
      expect(binomialTail(k, n, 'lower', p) + binomialTail(k + 1, n, 'upper', p)).toBeCloseTo(1, 12);
    },
  );
});
