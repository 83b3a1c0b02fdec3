import { describe, expect, it } from 'vitest';
import { bootstrapAccuracy, DEFAULT_RESAMPLES, DEFAULT_SEED } from '../../src/stats/index.ts';
import { choose } from './support/exact.ts';
import { ones } from './support/data.ts';

/** q-quantile (smallest c with P(C ≤ c) ≥ q) of Binomial(n, k/n), by exact BigInt arithmetic. */
function exactBinomialQuantile(n: number, k: number, q: number): number {
  const den = BigInt(n) ** BigInt(n);
  let cum = 0n;
  for (let c = 0; c <= n; c++) {
    cum += choose(n, c) * BigInt(k) ** BigInt(c) * BigInt(n - k) ** BigInt(n - c);
    if (Number((cum * 1_000_000n) / den) / 1_000_000 >= q) return c;
  }
  return n;
}

describe('bootstrapAccuracy', () => {
  it('records its method, n, seed, resamples and confidence, with the documented defaults', () => {
    const r = bootstrapAccuracy(ones(50, 40), { resamples: 500 });
    expect(r).toMatchObject({ method: 'percentile', n: 50, correct: 40, accuracy: 0.8, resamples: 500, seed: DEFAULT_SEED, confidence: 0.95 });
    expect(DEFAULT_RESAMPLES).toBe(10_000);
    expect(bootstrapAccuracy(ones(10, 5)).resamples).toBe(10_000);
  });

  it('is deterministic under a seed and changes with it', () => {
    const v = ones(300, 211);
    expect(bootstrapAccuracy(v, { seed: 7 })).toEqual(bootstrapAccuracy(v, { seed: 7 }));
    expect(bootstrapAccuracy(v, { seed: 7 }).se).not.toBe(bootstrapAccuracy(v, { seed: 8 }).se);
  });

  it('reads booleans, 0/1 arrays and Uint8Arrays alike, whatever the order of examples', () => {
    const bits = ones(100, 70);
    const r = bootstrapAccuracy(bits, { seed: 3, resamples: 2000 });
    expect(bootstrapAccuracy(Array.from(bits, (x) => x === 1), { seed: 3, resamples: 2000 })).toEqual(r);
    expect(bootstrapAccuracy(Array.from(bits) as (0 | 1)[], { seed: 3, resamples: 2000 })).toEqual(r);
  });

  it('gives a zero-width interval at 100% and at 0%', () => {
    expect(bootstrapAccuracy(ones(1034, 1034)).ci).toEqual([1, 1]);
    expect(bootstrapAccuracy(ones(1034, 0)).ci).toEqual([0, 0]);
    expect(bootstrapAccuracy(ones(1034, 0)).se).toBe(0);
    expect(bootstrapAccuracy([1]).ci).toEqual([1, 1]);
  });

  it('refuses an empty sample, non-binary verdicts and bad options', () => {
    expect(() => bootstrapAccuracy([])).toThrow(/n = 0/);
    expect(() => bootstrapAccuracy(new Uint8Array(0))).toThrow(RangeError);
    expect(() => bootstrapAccuracy(Uint8Array.of(1, 2))).toThrow(/must be 0, 1/);
    expect(() => bootstrapAccuracy([1, 0.5] as unknown as (0 | 1)[])).toThrow(RangeError);
    expect(() => bootstrapAccuracy([1, 0], { resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapAccuracy([1, 0], { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapAccuracy([1, 0], { seed: Number.NaN })).toThrow(RangeError);
  });

  it('converges to the ideal bootstrap: endpoints at the Binomial(n, p̂) quantiles, SE at √(p̂(1 − p̂)/n)', () => {
    // Resampling n verdicts with k ones makes the count exactly Binomial(n, k/n); with 10,000
    // resamples the 2.5% / 97.5% quantiles are within ~0.4 counts (1 SD) of the exact ones.
    const n = 1034;
    const k = 820;
    const r = bootstrapAccuracy(ones(n, k), { seed: 11 });
    expect(Math.abs(r.ci[0] * n - exactBinomialQuantile(n, k, 0.025))).toBeLessThanOrEqual(2);
    expect(Math.abs(r.ci[1] * n - exactBinomialQuantile(n, k, 0.975))).toBeLessThanOrEqual(2);
    const p = k / n;
    expect(Math.abs(r.se / Math.sqrt((p * (1 - p)) / n) - 1)).toBeLessThan(0.03);
  });
});
