import { describe, expect, it } from 'vitest';
import { clusteredMcnemar, mcnemarExact } from '../../src/stats/index.ts';
import { pairs } from './support/data.ts';

/** Pairs with b10 discordant pairs favouring a, b01 favouring b, and `same` concordant. */
function table(b10: number, b01: number, same: number): { a: (0 | 1)[]; b: (0 | 1)[] } {
  const fill = (count: number, v: 0 | 1): (0 | 1)[] => Array<0 | 1>(count).fill(v);
  return {
    a: [...fill(b10, 1), ...fill(b01, 0), ...fill(same, 1)],
    b: [...fill(b10, 0), ...fill(b01, 1), ...fill(same, 1)],
  };
}

describe('clusteredMcnemar (Durkalski et al. 2003)', () => {
  it('with one pair per cluster is McNemar’s χ² without continuity correction', () => {
    // Armitage & Berry's culture media: b = 12, c = 2 → χ² = (12 − 2)²/14 = 7.142857,
    // p = P(χ²₁ > 7.1429) = 0.0075 (normal tables: 2·Φ(−2.6726)).
    const { a, b } = table(12, 2, 36);
    const r = clusteredMcnemar(a, b, a.map((_, i) => `p${i}`));
    expect(r.statistic).toBeCloseTo(100 / 14, 12);
    expect(r.pValue).toBeCloseTo(0.0075, 4);
    expect(r).toMatchObject({ b10: 12, b01: 2, clusters: 50, n: 50 });
    expect(r.pOneSided.aBetter).toBeCloseTo(r.pValue / 2, 14);
  });

  it('does not count a question copied m times within its database as m pieces of evidence', () => {
    const { a, b } = table(30, 12, 158);
    const labels = Array.from({ length: 200 }, (_, i) => `db${i % 10}`);
    const once = clusteredMcnemar(a, b, labels);
    const m = 5;
    const rep = <T,>(xs: ArrayLike<T>): T[] => Array.from(xs).flatMap((x) => Array<T>(m).fill(x));
    const copied = clusteredMcnemar(rep(a), rep(b), rep(labels));
    expect(once.pValue).toBeGreaterThan(1e-3);
    expect(copied.statistic).toBeCloseTo(once.statistic, 10);
    // whereas the unclustered test sees m times the discordant pairs and a far smaller p
    const naive = mcnemarExact(copied.b10, copied.b01);
    expect(naive.pValue).toBeLessThan(once.pValue / 10);
  });

  it('gives p = 1 when no pair is discordant', () => {
    const { a } = pairs(100, 0.1, 0.1, 2);
    const r = clusteredMcnemar(a, a, Array.from({ length: 100 }, (_, i) => `db${i % 4}`));
    expect(r).toMatchObject({ statistic: 0, pValue: 1, pOneSided: { aBetter: 1, bBetter: 1 } });
  });

  it('refuses mismatched lengths', () => {
    expect(() => clusteredMcnemar([1, 0], [1, 0], ['x'])).toThrow(RangeError);
    expect(() => clusteredMcnemar([1, 0], [1], ['x', 'y'])).toThrow(RangeError);
  });
});
