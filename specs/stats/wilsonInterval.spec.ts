import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/stats/index.ts';
import { fcParams } from '../support/fastCheck.ts';

describe('wilsonInterval', () => {
  it.each([
    // Newcombe (1998), Stat Med 17:857, Table II, method 3 (score, no continuity correction).
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])('reproduces Newcombe 1998 Table II: %i/%i → [%f, %f]', (x, n, lo, hi) => {
    const r = wilsonInterval(x, n);
    expect(r.ci[0]).toBeCloseTo(lo, 4);
    expect(r.ci[1]).toBeCloseTo(hi, 4);
    expect(r.proportion).toBe(x / n);
  });

  it('is exactly 0 (or 1) on the observed side at 0% and 100%, with the closed-form other bound z²/(n + z²)', () => {
    const z = 1.959963984540054;
    for (const n of [1, 10, 100, 1034]) {
      const none = wilsonInterval(0, n);
      expect(none.ci[0]).toBe(0);
      expect(none.ci[1]).toBeCloseTo((z * z) / (n + z * z), 14);
      const all = wilsonInterval(n, n);
      expect(all.ci[1]).toBe(1);
      expect(all.ci[0]).toBeCloseTo(n / (n + z * z), 14);
    }
  });

  it('refuses n = 0 and impossible inputs', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(/n = 0/);
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(RangeError);
  });

  fcTest.prop([fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true })], fcParams(200))(
    'contains the estimate, stays in [0, 1], mirrors under x → n − x, and widens with confidence',
    (n, f, confidence) => {
      const x = Math.round(f * n);
      const r = wilsonInterval(x, n, confidence);
      expect(r.ci[0]).toBeGreaterThanOrEqual(0);
      expect(r.ci[1]).toBeLessThanOrEqual(1);
      expect(r.ci[0]).toBeLessThanOrEqual(x / n);
      expect(r.ci[1]).toBeGreaterThanOrEqual(x / n);
      const m = wilsonInterval(n - x, n, confidence);
      expect(m.ci[0]).toBeCloseTo(1 - r.ci[1], 12);
      expect(m.ci[1]).toBeCloseTo(1 - r.ci[0], 12);
      const wider = wilsonInterval(x, n, (1 + confidence) / 2);
      expect(wider.ci[1] - wider.ci[0]).toBeGreaterThan(r.ci[1] - r.ci[0]);
    },
  );
});
