import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { mcnemarExact, mcnemarMde, mcnemarPower, mcnemarSampleSize } from '../../src/stats/index.ts';
import { Xoshiro128 } from '../../src/core/xoshiro128.ts';
import { fcParams } from '../support/fastCheck.ts';

/** Rejection rate of the exact McNemar test over `reps` simulated designs. */
function simulatedPower(n: number, p10: number, p01: number, alpha: number, reps: number, seed: number): number {
  const rng = Xoshiro128.fromSeed(seed);
  let rejections = 0;
  for (let r = 0; r < reps; r++) {
    let b10 = 0;
    let b01 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      if (u < p10) b10++;
      else if (u < p10 + p01) b01++;
    }
    if (mcnemarExact(b10, b01).pValue <= alpha) rejections++;
  }
  return rejections / reps;
}

describe('power of the paired McNemar design', () => {
  it('reproduces Connor’s sample size formula by hand: ψ = 0.2, δ = 0.1, α = 0.05, 80% → 155 pairs', () => {
    // (1.95996·√0.2 + 0.84162·√0.19)² / 0.01 = (0.87654 + 0.36685)² / 0.01 = 154.6 → 155.
    expect(mcnemarSampleSize({ discordance: 0.2, effect: 0.1 })).toMatchObject({ n: 155, method: 'connor', power: 0.8 });
    expect(mcnemarPower({ n: 155, discordance: 0.2, effect: 0.1 }).power).toBeGreaterThanOrEqual(0.8);
    expect(mcnemarPower({ n: 154, discordance: 0.2, effect: 0.1 }).power).toBeLessThan(0.8);
  });

  it('says small slices lie: at 15% discordance n = 100 detects only ~11-point gaps, n = 1,034 ~3.4 points', () => {
    // Connor by hand, n = 100: √0.15·(1.96·10 + 0.8416·√(100 − 3.84 + 0.71))/(100 + 0.71) = 0.107.
    const small = mcnemarMde({ n: 100, discordance: 0.15 });
    const full = mcnemarMde({ n: 1034, discordance: 0.15 });
    expect(small.mde).toBeCloseTo(0.107, 3);
    expect(full.mde).toBeCloseTo(0.0337, 3);
    // A 3-point gain: hopeless on 100 examples, likely on 1,034.
    expect(mcnemarPower({ n: 100, discordance: 0.15, effect: 0.03, method: 'exact' }).power).toBeLessThan(0.15);
    expect(mcnemarPower({ n: 1034, discordance: 0.15, effect: 0.03, method: 'exact' }).power).toBeGreaterThan(0.6);
  });

  it('exact power matches a Monte Carlo simulation of the exact test', () => {
    const cases = [
      { n: 200, p10: 0.15, p01: 0.07 },
      { n: 100, p10: 0.1, p01: 0.05 },
      { n: 400, p10: 0.06, p01: 0.03 },
    ];
    for (const [i, { n, p10, p01 }] of cases.entries()) {
      const exact = mcnemarPower({ n, discordance: p10 + p01, effect: p10 - p01, method: 'exact' }).power;
      const sim = simulatedPower(n, p10, p01, 0.05, 4000, i + 1);
      // 4 binomial SDs of a 4,000-replicate rate
      expect(Math.abs(sim - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / 4000) + 1e-3);
    }
  });

  it('Connor’s approximation stays within 5 points of the exact power at Spider-dev sizes', () => {
    for (const psi of [0.08, 0.15, 0.3]) {
      for (const delta of [0.01, 0.02, 0.04]) {
        if (delta > psi) continue;
        const args = { n: 1034, discordance: psi, effect: delta };
        const approx = mcnemarPower(args).power;
        const exact = mcnemarPower({ ...args, method: 'exact' }).power;
        expect(Math.abs(approx - exact)).toBeLessThan(0.05);
      }
    }
  });

  fcTest.prop([fc.integer({ min: 5, max: 1500 }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.constantFrom<1 | 2>(1, 2)], fcParams(30))(
    'the exact test never rejects more often than α when there is no effect',
    (n, psi, sides) => {
      expect(mcnemarPower({ n, discordance: psi, effect: 0, method: 'exact', sides }).power).toBeLessThanOrEqual(0.05 + 1e-12);
    },
  );

  fcTest.prop([fc.integer({ min: 30, max: 3000 }), fc.double({ min: 0.02, max: 0.6, noNaN: true }), fc.double({ min: 0.5, max: 0.95, noNaN: true })], fcParams(50))(
    'the MDE is the effect at which the power reaches its target (Connor), and grows as n shrinks',
    (n, psi, power) => {
      const r = mcnemarMde({ n, discordance: psi, power });
      if (r.mde === null) return;
      expect(mcnemarPower({ n, discordance: psi, effect: r.mde }).power).toBeCloseTo(power, 9);
      const smaller = mcnemarMde({ n: Math.floor(n / 2), discordance: psi, power });
      if (smaller.mde !== null) expect(smaller.mde).toBeGreaterThan(r.mde);
    },
  );

  it('finds the exact MDE by bisection on the exact power', () => {
    const r = mcnemarMde({ n: 500, discordance: 0.2, method: 'exact' });
    expect(r.mde).not.toBeNull();
    const at = (effect: number): number => mcnemarPower({ n: 500, discordance: 0.2, effect, method: 'exact' }).power;
    expect(at(r.mde!)).toBeGreaterThanOrEqual(0.8);
    expect(at(r.mde! - 0.002)).toBeLessThan(0.8);
  });

  it('returns null when nothing is detectable, and refuses impossible designs', () => {
    expect(mcnemarMde({ n: 1034, discordance: 0 }).mde).toBeNull();
    expect(mcnemarMde({ n: 3, discordance: 0.1 }).mde).toBeNull();
    expect(mcnemarMde({ n: 3, discordance: 0.1, method: 'exact' }).mde).toBeNull();
    expect(mcnemarSampleSize({ discordance: 0.2, effect: 0 }).n).toBeNull();
    expect(() => mcnemarPower({ n: 100, discordance: 0.1, effect: 0.2 })).toThrow(/cannot exceed/);
    expect(() => mcnemarMde({ n: 100, discordance: 0.1, power: 0.3 })).toThrow(RangeError);
    expect(() => mcnemarPower({ n: -1, discordance: 0.1, effect: 0 })).toThrow(RangeError);
  });
});
