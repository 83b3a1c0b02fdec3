import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, holm } from '../../src/stats/index.ts';
import { fcParams } from '../support/fastCheck.ts';

// Benjamini & Hochberg (1995), JRSS B 57:289, section 4.2: 15 p-values from one study.
const BH_1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];

describe('holm', () => {
  it('reproduces the textbook example p = (0.01, 0.04, 0.03, 0.005): H1 and H4 rejected', () => {
    // By hand: sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.04·1, 0.06) = 0.06.
    const r = holm([0.01, 0.04, 0.03, 0.005]);
    expect(r.adjusted).toEqual([0.03, 0.06, 0.06, 0.02].map((x) => expect.closeTo(x, 15)));
    expect(r.reject).toEqual([true, false, false, true]);
    expect(r).toMatchObject({ method: 'holm', alpha: 0.05 });
  });

  it('rejects 3 of the 15 hypotheses of Benjamini & Hochberg’s example at 0.05 (as Bonferroni does there)', () => {
    // 15·0.0001, 14·0.0004, 13·0.0019 ≤ 0.05 < 12·0.0095 = 0.114.
    expect(holm(BH_1995).reject.filter(Boolean)).toHaveLength(3);
  });
});

describe('benjaminiHochberg', () => {
  it('rejects 4 of the 15 hypotheses in Benjamini & Hochberg’s own example at q = 0.05', () => {
    const r = benjaminiHochberg(BH_1995);
    expect(r.reject.filter(Boolean)).toHaveLength(4);
    expect(r.reject.slice(0, 4)).toEqual([true, true, true, true]);
  });

  it('adjusts a small example as computed by hand', () => {
    // sorted: 0.001·3/1 = 0.003; 0.03·3/2 = 0.045; 0.04·3/3 = 0.04; step-up minimum → 0.04.
    expect(benjaminiHochberg([0.04, 0.001, 0.03]).adjusted).toEqual([0.04, 0.003, 0.04].map((x) => expect.closeTo(x, 15)));
  });
});

describe('both corrections', () => {
  it('handle no claims, one claim (unchanged) and invalid input', () => {
    expect(holm([]).adjusted).toEqual([]);
    expect(benjaminiHochberg([]).reject).toEqual([]);
    expect(holm([0.03]).adjusted).toEqual([0.03]);
    expect(benjaminiHochberg([0.03]).adjusted).toEqual([0.03]);
    expect(() => holm([0.5, 1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(RangeError);
    expect(() => holm([0.5], { alpha: 0 })).toThrow(RangeError);
  });

  fcTest.prop([fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 })], fcParams(200))(
    'raw ≤ BH ≤ Holm ≤ min(1, m·raw), both keep the order of the raw p-values',
    (ps) => {
      const h = holm(ps).adjusted;
      const b = benjaminiHochberg(ps).adjusted;
      const m = ps.length;
      ps.forEach((p, i) => {
        expect(b[i]!).toBeGreaterThanOrEqual(p - 1e-15);
        expect(h[i]!).toBeGreaterThanOrEqual(b[i]! - 1e-15);
        expect(h[i]!).toBeLessThanOrEqual(Math.min(1, m * p) + 1e-15);
        ps.forEach((q, j) => {
          if (p < q) {
            expect(h[i]!).toBeLessThanOrEqual(h[j]!);
            expect(b[i]!).toBeLessThanOrEqual(b[j]!);
          }
        });
      });
    },
  );

  it('gives the level each raw p is compared with at its rank (Holm α/(m − r + 1), BH r·α/m)', () => {
    const ps = [0.04, 0.001, 0.02, 0.3];
    expect(holm(ps).levels).toEqual([0.05 / 2, 0.05 / 4, 0.05 / 3, 0.05]);
    expect(benjaminiHochberg(ps).levels).toEqual([0.05 * 3 / 4, 0.05 / 4, 0.05 * 2 / 4, 0.05]);
    // Holm rejects exactly when every smaller p met its level too.
    const h = holm(ps);
    expect(h.reject).toEqual([false, true, false, false]);
  });
});
