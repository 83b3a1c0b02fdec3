import { describe, expect, it } from 'vitest';
import { normalCdf, normalPdf, normalQuantile } from '../../src/stats/_internals/normal.ts';

/** Φ(x) by composite Simpson integration of φ from −40: an independent reference. */
function simpsonCdf(x: number): number {
  const a = -40;
  const steps = 200_000;
  const h = (x - a) / steps;
  let s = normalPdf(a) + normalPdf(x);
  for (let i = 1; i < steps; i++) s += (i % 2 ? 4 : 2) * normalPdf(a + i * h);
  return (s * h) / 3;
}

describe('normal distribution', () => {
  it('matches published values of Φ and Φ⁻¹', () => {
    // Values from standard tables (e.g. Φ(1) = 0.841344746…, Φ(−1.96) = 0.0249978951…,
    // z_{0.975} = 1.959963984540…).
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 14);
    expect(normalCdf(-3) / 0.0013498980316300946).toBeCloseTo(1, 12);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 10);
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 13);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 13);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 13);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('agrees with numerical integration of the density across the series / continued-fraction seam', () => {
    for (const x of [-8, -6, -4, -3.0001, -3, -2.9999, -2, -0.5, 0.7, 2.5, 2.9999, 3.0001]) {
      const ref = simpsonCdf(x);
      expect(Math.abs(normalCdf(x) - ref) / ref).toBeLessThan(1e-9);
    }
  });

  it('inverts itself: Φ(Φ⁻¹(p)) = p from 1e-12 to 1 − 1e-6', () => {
    for (const p of [1e-12, 1e-8, 1e-4, 0.01, 0.025, 0.3, 0.5, 0.6, 0.9, 0.999, 1 - 1e-6]) {
      expect(Math.abs(normalCdf(normalQuantile(p)) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-9);
    }
  });
});
