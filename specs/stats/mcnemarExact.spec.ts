import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../../src/stats/index.ts';
import { exactMcnemarP } from './support/exact.ts';
import { fcParams } from '../support/fastCheck.ts';

describe('mcnemarExact', () => {
  it('reproduces Fagerland, Lydersen & Laake (2013): b = 1, c = 7 gives exact p = 0.070, mid-p = 0.039', () => {
    // BMC Med Res Methodol 13:91, the airway hyper-responsiveness example (Bentur et al.);
    // as exact fractions: 2·9/256 = 0.0703125 and 2·(1 + 8/2)/256 = 0.0390625.
    const r = mcnemarExact(1, 7);
    expect(r.pValue).toBeCloseTo(0.0703125, 14);
    expect(r.midPValue).toBeCloseTo(0.0390625, 14);
    expect(r.pOneSided.bBetter).toBeCloseTo(9 / 256, 14);
    expect(r.pOneSided.aBetter).toBeCloseTo(1 - 1 / 256, 14);
    expect(r.discordant).toBe(8);
  });

  it('reproduces Armitage & Berry (1994, p. 127), two culture media: b = 12, c = 2, exact two-sided p = 0.0129', () => {
    // As printed by StatsDirect for this example ("F = 4, P (two sided) = 0.0129").
    expect(mcnemarExact(12, 2).pValue).toBeCloseTo(0.0129, 4);
    expect(mcnemarExact(12, 2).pValue).toBeCloseTo(212 / 16384, 14);
  });

  it('gives p = 1 with no discordant pairs (identical systems) and with a perfect tie', () => {
    for (const [b, c] of [[0, 0], [5, 5], [100, 100]] as const) {
      const r = mcnemarExact(b, c);
      expect(r.pValue).toBe(1);
      expect(r.midPValue).toBeLessThanOrEqual(1);
    }
    expect(mcnemarExact(0, 0).midPValue).toBe(1);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => mcnemarExact(-1, 3)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 3)).toThrow(RangeError);
  });

  fcTest.prop([fc.integer({ min: 0, max: 250 }), fc.integer({ min: 0, max: 250 })], fcParams(80))(
    'equals the exact rational p-value, is symmetric, and mid-p < p',
    (b, c) => {
      const r = mcnemarExact(b, c);
      const ref = exactMcnemarP(b, c);
      expect(Math.abs(r.pValue - ref) / ref).toBeLessThan(1e-11);
      expect(mcnemarExact(c, b).pValue).toBeCloseTo(r.pValue, 14);
      expect(mcnemarExact(c, b).pOneSided.aBetter).toBeCloseTo(r.pOneSided.bBetter, 14);
      if (b + c > 0 && b !== c) expect(r.midPValue).toBeLessThan(r.pValue);
    },
  );

  it('stays accurate for 1,034-example-sized discordance with extreme splits', () => {
    // 300 discordant pairs all one way: p = 2·2^−300.
    expect(mcnemarExact(300, 0).pValue / (2 * 2 ** -300)).toBeCloseTo(1, 11);
    expect(mcnemarExact(90, 30).pValue / exactMcnemarP(90, 30)).toBeCloseTo(1, 11);
  });
});
