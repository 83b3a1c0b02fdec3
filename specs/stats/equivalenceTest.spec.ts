import { describe, expect, it } from 'vitest';
import { equivalenceTest, pairedBootstrap } from '../../src/stats/index.ts';
import { pairs } from './support/data.ts';

describe('equivalenceTest (paired TOST)', () => {
  it('calls two runs that disagree rarely and evenly (20 vs 18 of 1,034) tied within 2 points', () => {
    // SE of a − b = √(38/1034)/√1034 ≈ 0.006, so the 90% interval is about 0.002 ± 0.01.
    const a = Uint8Array.from({ length: 1034 }, (_, i) => (i < 820 ? 1 : 0));
    const b = Uint8Array.from({ length: 1034 }, (_, i) => (i < 800 || (i >= 820 && i < 838) ? 1 : 0));
    const r = equivalenceTest(a, b, { margin: 0.02 });
    expect(r.equivalent).toBe(true);
    expect(r.pValue).toBeLessThan(0.05);
    expect(r).toMatchObject({ test: 'tost-paired-bootstrap', margin: 0.02, alpha: 0.05, n: 1034, seed: 42, clusters: null });
  });

  it('uses the 1 − 2α paired bootstrap interval, draw for draw', () => {
    const { a, b } = pairs(600, 0.08, 0.05, 2);
    const r = equivalenceTest(a, b, { margin: 0.05, seed: 3, resamples: 4000 });
    const boot = pairedBootstrap(a, b, { seed: 3, resamples: 4000, confidence: 0.9 });
    expect(r.ci).toEqual(boot.difference.ci);
    expect(r.difference).toBe(boot.difference.estimate);
    expect(r.equivalent).toBe(r.ci[0] > -0.05 && r.ci[1] < 0.05);
  });

  it('does not call a 6-point gap a tie, nor a small sample with a wide interval', () => {
    const gap = pairs(1034, 0.1, 0.04, 4);
    expect(equivalenceTest(gap.a, gap.b, { margin: 0.02 }).equivalent).toBe(false);
    const small = pairs(60, 0.1, 0.1, 5);
    const r = equivalenceTest(small.a, small.b, { margin: 0.02 });
    expect(r.equivalent).toBe(false);
    expect(r.pValue).toBeGreaterThan(0.05);
  });

  it('reports a p-value no resample reached as its bound 1/(B + 1), never as 0', () => {
    const { a } = pairs(500, 0.1, 0.1, 7);
    const r = equivalenceTest(a, a, { margin: 0.01, resamples: 999 });
    expect(r.pValue).toBe(1 / 1000);
    expect(r.pValueIsBound).toBe(true);
    const { b } = pairs(500, 0.1, 0.1, 7);
    expect(equivalenceTest(a, Uint8Array.from(b, (x, i) => (i < 40 ? 1 - x : x)), { margin: 0.01, resamples: 999 }).pValueIsBound).toBe(false);
  });

  it('resamples clusters when given, and validates margin and alpha', () => {
    const { a, b } = pairs(400, 0.03, 0.03, 6);
    const labels = Array.from({ length: 400 }, (_, i) => `db${i % 8}`);
    expect(equivalenceTest(a, b, { margin: 0.05, clusters: labels }).clusters).toBe(8);
    expect(() => equivalenceTest(a, b, { margin: 0 })).toThrow(RangeError);
    expect(() => equivalenceTest(a, b, { margin: 0.02, alpha: 0.5 })).toThrow(RangeError);
  });
});
