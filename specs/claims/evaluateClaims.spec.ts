import { describe, expect, expectTypeOf, it } from 'vitest';
import { better, ladder, notBetter, tied, accuracyWithin } from '../../src/claims/Claim.ts';
import { evaluateClaim, evaluateClaims } from '../../src/claims/evaluateClaims.ts';
import { ClaimError, assertClaim, formatClaimResult } from '../../src/claims/formatClaimResult.ts';
import { claimMatchers } from '../../src/claims/matchers/index.ts';
import type { EvaluatedRun } from '../../src/evaluate/EvaluatedRun.ts';
import { sliceRun } from '../../src/evaluate/EvaluatedRun.ts';
import { holm, mcnemarExact } from '../../src/stats/index.ts';

/**
 * A synthetic run with exact discordance structure: `both` examples right for everyone, then
 * this run right on `onlyMe` examples where the reference is wrong, and wrong on `onlyRef`.
 */
function makeRun(name: string, bits: number[]): EvaluatedRun {
  const correct = Uint8Array.from(bits);
  const k = bits.reduce((a, b) => a + b, 0);
  return {
    name,
    label: name,
    n: bits.length,
    correct,
    reasons: bits.map((b) => (b ? 'match' : 'mismatch')),
    dbIds: bits.map((_, i) => `db${i % 20}`),
    accuracy: k / bits.length,
    indices: bits.map((_, i) => i),
    source: { predictionsSha256: null, goldSha256: 'x', compat: 'official', evaluatorHash: 'x' },
  };
}

/** Two runs over n examples: `shared` both right, then a-only, then b-only, rest both wrong. */
function pair(n: number, shared: number, aOnly: number, bOnly: number): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i < shared) (a.push(1), b.push(1));
    else if (i < shared + aOnly) (a.push(1), b.push(0));
    else if (i < shared + aOnly + bOnly) (a.push(0), b.push(1));
    else (a.push(0), b.push(0));
  }
  return [a, b];
}

const [strongA, weakB] = pair(1000, 700, 80, 20); // a ahead by 6 points, 100 discordant
const [closeA, closeB] = pair(1000, 700, 30, 22); // a ahead by 0.8 points
const runs = new Map(
  [
    makeRun('strong', strongA),
    makeRun('weak', weakB),
    makeRun('closeA', closeA),
    makeRun('closeB', closeB),
    makeRun('copy', strongA),
  ].map((r) => [r.name, r]),
);
const fast = { resamples: 2000 };

describe('evaluateClaims', () => {
  it('decides "better" with the paired one-sided exact McNemar test', () => {
    const r = evaluateClaim(better('strong', 'weak'), runs, fast);
    expect(r.pass).toBe(true);
    expect(r.pValue).toBeCloseTo(mcnemarExact(80, 20).pOneSided.aBetter, 12);
    expect(r.comparisons[0]!.comparison.counts).toMatchObject({ b10: 80, b01: 20 });
    expect(evaluateClaim(better('weak', 'strong'), runs, fast).pass).toBe(false);
    expect(evaluateClaim(better('closeA', 'closeB'), runs, fast).pass).toBe(false);
  });

  it('with `by`, also tests a − b > by, and the claim\'s p-value (which Holm adjusts) is the larger one', () => {
    const plain = evaluateClaim(better('strong', 'weak'), runs, fast);
    const by2 = evaluateClaim(better('strong', 'weak', { by: 0.02 }), runs, fast);
    expect(by2.pass).toBe(true);
    expect(by2.pValue!).toBeGreaterThan(plain.pValue!); // the margin test is the binding one here
    expect(by2.pValue!).toBeLessThan(0.05);
    const by5 = evaluateClaim(better('strong', 'weak', { by: 0.05 }), runs, fast);
    expect(by5.pValue!).toBeGreaterThan(0.05); // 6 points ahead is not significantly more than 5
    expect(by5.pass).toBe(false);
    expect(evaluateClaim(better('strong', 'weak', { by: 0.1 }), runs, fast).pass).toBe(false);
  });

  it('states refutations with negate, and passes exactly when the finding fails', () => {
    const r = evaluateClaim(notBetter('closeA', 'closeB'), runs, fast);
    expect(r.holds).toBe(false);
    expect(r.pass).toBe(true);
    expect(r.statement).toBe('closeA is NOT shown to be significantly better than closeB');
    expect(evaluateClaim(notBetter('strong', 'weak'), runs, fast).pass).toBe(false);
  });

  it('applies Holm across the family, which can turn a raw win into a non-significant one', () => {
    // 60 vs 38 discordant: raw one-sided p ≈ 0.017; with four claims Holm multiplies it.
    const [x, y] = pair(1000, 700, 60, 38);
    const family = new Map([...runs, ['x', makeRun('x', x)], ['y', makeRun('y', y)]]);
    const claims = [better('x', 'y'), better('strong', 'weak'), better('closeA', 'closeB'), better('weak', 'strong')];
    const alone = evaluateClaim(claims[0]!, family, fast);
    expect(alone.pValue!).toBeLessThan(0.05);
    expect(alone.pass).toBe(true);
    const results = evaluateClaims(claims, family, fast);
    const expected = holm(results.map((r) => r.pValue!)).adjusted;
    expect(results.map((r) => r.adjustedP)).toEqual(expected);
    expect(results[0]!.adjustedP!).toBeGreaterThan(0.05);
    expect(results[0]!.pass).toBe(false);
    expect(evaluateClaims(claims, family, { ...fast, correction: 'none' })[0]!.pass).toBe(true);
  });

  it('checks a ladder step by step; its p-value is the weakest step', () => {
    const [a, b] = pair(1000, 600, 100, 10);
    const [c] = pair(1000, 700, 100, 0);
    const three = new Map([
      ['low', makeRun('low', b)],
      ['mid', makeRun('mid', a)],
      ['high', makeRun('high', c)],
    ]);
    const r = evaluateClaim(ladder(['low', 'mid', 'high'], 'size'), three, fast);
    expect(r.comparisons.map((s) => [s.a, s.b])).toEqual([
      ['mid', 'low'],
      ['high', 'mid'],
    ]);
    expect(r.pValue).toBe(Math.max(...r.comparisons.map((s) => s.pValue)));
    expect(evaluateClaim(ladder(['high', 'mid', 'low'], 'size'), three, fast).pass).toBe(false);
  });

  it('decides ties with equivalence (TOST), not with a non-significant difference', () => {
    expect(evaluateClaim(tied('strong', 'copy', { margin: 0.01 }), runs, fast).pass).toBe(true);
    // closeA vs closeB: not significantly different, yet not shown to be within ±0.5 points.
    const r = evaluateClaim(tied('closeA', 'closeB', { margin: 0.005 }), runs, fast);
    expect(r.pass).toBe(false);
    expect(r.hint).toMatch(/margin of at least/);
    expect(evaluateClaim(tied('closeA', 'closeB', { margin: 0.03 }), runs, fast).pass).toBe(true);
  });

  it('checks an accuracy against a published number with a tolerance', () => {
    expect(evaluateClaim(accuracyWithin('strong', 0.78, 0.001), runs, fast).pass).toBe(true);
    expect(evaluateClaim(accuracyWithin('strong', 0.8, 0.01), runs, fast).pass).toBe(false);
  });

  it('refuses a claim whose effect the sample is too small to detect (minPower)', () => {
    const small = new Map([...runs].map(([k, r]) => [k, sliceRun(r, Array.from({ length: 60 }, (_, i) => 690 + i), k)]));
    const refused = evaluateClaim(better('strong', 'weak', { effect: 0.06 }), small, { ...fast, minPower: 0.8 });
    expect(refused.refused).not.toBeNull();
    expect(refused.pass).toBe(false);
    expect(refused.hint).toMatch(/too small to test a 6\.0-point effect/);
    // Without minPower, or with enough examples, the claim is decided as usual.
    expect(evaluateClaim(better('strong', 'weak', { effect: 0.06 }), small, fast).refused).toBeNull();
    expect(evaluateClaim(better('strong', 'weak', { effect: 0.06 }), runs, { ...fast, minPower: 0.8 }).refused).toBeNull();
  });

  it('is deterministic under a seed and records it', () => {
    const a = evaluateClaim(better('strong', 'weak'), runs, { resamples: 500, seed: 7 });
    const b = evaluateClaim(better('strong', 'weak'), runs, { resamples: 500, seed: 7 });
    expect(a.comparisons[0]!.comparison.difference.ci).toEqual(b.comparisons[0]!.comparison.difference.ci);
    expect(a.seed).toBe(7);
  });

  it('refuses to pair runs scored on different examples', () => {
    const slice = new Map([...runs, ['slice', sliceRun(runs.get('weak')!, [0, 1, 2], 'slice')]]);
    expect(() => evaluateClaim(better('strong', 'slice'), slice, fast)).toThrow(/not scored on the same examples/);
  });
});

describe('failure messages', () => {
  it('print both accuracies with CIs, the paired difference, McNemar p, n, and what would change', () => {
    const r = evaluateClaim(better('closeA', 'closeB'), runs, fast);
    const text = formatClaimResult(r);
    expect(text).toContain('closeA is significantly better than closeB: NOT supported');
    expect(text).toMatch(/closeA: 73\.0% \[\d+\.\d, \d+\.\d\] \(n=1000\)/);
    expect(text).toMatch(/closeA − closeB = \+0\.8 pts, 95% paired CI \[/);
    expect(text).toMatch(/mcnemar-exact p\(one-sided\) = 0\.\d{4}/);
    expect(text).toMatch(/would need about \d+ examples/);
    expect(() => assertClaim(r)).toThrow(ClaimError);
  });
});

describe('matchers', () => {
  it('work through expect.extend, including .not', () => {
    expect.extend(claimMatchers);
    const strong = runs.get('strong')!;
    const weak = runs.get('weak')!;
    expect(strong).toBeSignificantlyBetterThan(weak, { resamples: 1000 });
    expect(weak).not.toBeSignificantlyBetterThan(strong, { resamples: 1000 });
    expect(strong).toBeTiedWith(runs.get('copy')!, { margin: 0.01, resamples: 1000 });
    expect([weak, strong]).toIncreaseWith('anything', { resamples: 1000 });
    expect(strong).toHaveAccuracyWithin(0.78, 0.005);
    expect(() => expect(weak).toBeSignificantlyBetterThan(strong, { resamples: 1000 })).toThrow(/weak − strong = -6\.0 pts/);
  });

  it('are typed', () => {
    const run = runs.get('strong')!;
    expectTypeOf(expect(run).toBeSignificantlyBetterThan).parameter(1).toEqualTypeOf<import('../../src/claims/matchers/index.ts').BetterThanOptions | undefined>();
    expectTypeOf(expect(run).toHaveAccuracyWithin).parameters.toEqualTypeOf<[number, number]>();
  });
});
