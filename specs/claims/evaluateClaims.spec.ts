import { describe, expect, expectTypeOf, it } from 'vitest';
import { accuracyWithin, better, identical, ladder, notBetter, notLadder, tied } from '../../src/claims/Claim.ts';
import { evaluateClaim, evaluateClaims, marginP } from '../../src/claims/evaluateClaims.ts';
import { ClaimError, assertClaim, formatClaimResult } from '../../src/claims/formatClaimResult.ts';
import { claimMatchers } from '../../src/claims/matchers/index.ts';
import type { EvaluatedRun } from '../../src/evaluate/EvaluatedRun.ts';
import { sliceRun } from '../../src/evaluate/EvaluatedRun.ts';
import { holm, mcnemarExact, mcnemarMde, normalCdf, pairedComparison, signFlipTest } from '../../src/stats/index.ts';

/** A synthetic run; by default example i belongs to database `db{i % 20}`. */
function makeRun(name: string, bits: number[], dbIds: readonly string[] = bits.map((_, i) => `db${i % 20}`)): EvaluatedRun {
  const correct = Uint8Array.from(bits);
  const k = bits.reduce((a, b) => a + b, 0);
  return {
    name,
    label: name,
    n: bits.length,
    correct,
    reasons: bits.map((b) => (b ? 'match' : 'mismatch')),
    dbIds,
    accuracy: k / bits.length,
    indices: bits.map((_, i) => i),
    source: { predictionsSha256: `sha-${name}`, goldSha256: 'gold', compat: 'official', evaluatorHash: 'x' },
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
const [edgeA, edgeB] = pair(1000, 700, 60, 38); // two-sided exact p ≈ 0.034: significant alone, not after Holm
const runs = new Map(
  [
    makeRun('strong', strongA),
    makeRun('weak', weakB),
    makeRun('closeA', closeA),
    makeRun('closeB', closeB),
    makeRun('edgeA', edgeA),
    makeRun('edgeB', edgeB),
    makeRun('copy', strongA),
  ].map((r) => [r.name, r]),
);
// A gain of 60 questions (a right, b wrong) all inside two of the 20 databases (db0 and db1 hold
// examples 0–59 here), against 20 the other way spread over the others: clear for these
// questions, not across databases.
const concentrated = (() => {
  const n = 1000;
  const db = Array.from({ length: n }, (_, i) => (i < 60 ? `db${i % 2}` : `db${2 + (i % 18)}`));
  const a = Array.from({ length: n }, (_, i) => (i < 60 ? 1 : i < 80 ? 0 : i % 3 === 0 ? 1 : 0));
  const b = Array.from({ length: n }, (_, i) => (i < 60 ? 0 : i < 80 ? 1 : i % 3 === 0 ? 1 : 0));
  return new Map([makeRun('lumpy', a, db), makeRun('flat', b, db)].map((r) => [r.name, r]));
})();
const fast = { resamples: 2000, target: 'questions' as const };

describe('inference target', () => {
  it('is required: a claim whose family states no target is refused, not decided', () => {
    const r = evaluateClaim(better('strong', 'weak'), runs, { resamples: 2000 });
    expect(r.refused).toEqual({ kind: 'no-target' });
    expect(r.pass).toBe(false);
    expect(formatClaimResult(r)).toMatch(/REFUSED: the claim states no inference target/);
    expect(evaluateClaim(better('strong', 'weak', { target: 'questions' }), runs, { resamples: 2000 }).pass).toBe(true);
  });

  it('decides with the declared target and reports both: questions (exact McNemar) and databases (exact sign-flip)', () => {
    const q = evaluateClaim(better('lumpy', 'flat', { target: 'questions' }), concentrated, fast);
    const d = evaluateClaim(better('lumpy', 'flat', { target: 'databases' }), concentrated, fast);
    const run = (name: string) => concentrated.get(name)!;
    expect(q.pValue).toBe(mcnemarExact(60, 20).pValue);
    expect(d.pValue).toBe(signFlipTest(run('lumpy').correct, run('flat').correct, run('lumpy').dbIds).pValue);
    expect(q.pass).toBe(true);
    expect(d.pass).toBe(false);
    // Same numbers in both results, whichever target decides.
    expect(q.levels).toEqual(d.levels);
    expect(q.levels!.questions.holds).toBe(true);
    expect(q.levels!.databases.holds).toBe(false);
    expect(q.comparisons[0]!.databases.test).toBe('sign-flip-exact');
    const text = formatClaimResult(q);
    expect(text).toMatch(/questions \(decides\): 95% paired CI/);
    expect(text).toMatch(/databases: 95% cluster CI over 20 databases .* exact sign-flip over databases p = /);
    expect(text).toMatch(/finding: holds for these questions .*; does NOT hold across databases/);
  });

  it('states "holds for the questions, not across databases" as a claim of its own', () => {
    const [yes, no] = evaluateClaims(
      [better('lumpy', 'flat', { target: 'questions' }), notBetter('lumpy', 'flat', { target: 'databases' })],
      concentrated,
      { resamples: 2000 },
    );
    expect(yes!.pass).toBe(true);
    expect(no!.pass).toBe(true);
    expect(formatClaimResult(no!)).toMatch(/an absence of evidence, not evidence of absence/);
  });
});

describe('direction', () => {
  it('is two-sided by default: the claim p is the two-sided exact McNemar p, and the estimate must point the claimed way', () => {
    const r = evaluateClaim(better('strong', 'weak'), runs, fast);
    expect(r.sides).toBe(2);
    expect(r.pValue).toBe(mcnemarExact(80, 20).pValue);
    const wrongWay = evaluateClaim(better('weak', 'strong'), runs, fast);
    expect(wrongWay.pValue! / r.pValue!).toBeCloseTo(1, 12); // significant, but the other way
    expect(wrongWay.pass).toBe(false);
  });

  it('refuses a one-sided claim without a source, and prints the source of one that has it', () => {
    const bare = evaluateClaim(better('edgeA', 'edgeB', { sides: 1 }), runs, fast);
    expect(bare.refused).toEqual({ kind: 'one-sided-without-source' });
    expect(bare.pass).toBe(false);
    const source = 'Paper X, Table 2: "A outperforms B"';
    const sourced = evaluateClaim(better('edgeA', 'edgeB', { sides: 1, source }), runs, fast);
    expect(sourced.refused).toBeNull();
    expect(sourced.pValue).toBe(mcnemarExact(60, 38).pOneSided.aBetter);
    expect(formatClaimResult(sourced)).toContain(`one-sided, direction from: ${source}`);
  });

  it('keeps post-hoc claims out of the gate: an exploratory claim is reported, never fails the suite, and does not enter the correction', () => {
    const base = evaluateClaims([better('edgeA', 'edgeB'), better('strong', 'weak')], runs, fast);
    const withExploratory = evaluateClaims([better('edgeA', 'edgeB'), better('strong', 'weak'), better('weak', 'strong', { exploratory: true })], runs, fast);
    expect(withExploratory.map((r) => r.adjustedP).slice(0, 2)).toEqual(base.map((r) => r.adjustedP));
    const x = withExploratory[2]!;
    expect(x.role).toBe('exploratory');
    expect(x.gating).toBe(false);
    expect(x.pass).toBe(false);
    expect(() => assertClaim(x)).not.toThrow();
  });
});

describe('negative findings', () => {
  it('judges a negated claim on its own unadjusted p: adding unrelated claims never flips it to passing', () => {
    const alone = evaluateClaim(notBetter('edgeA', 'edgeB'), runs, fast);
    expect(alone.pValue!).toBeLessThan(0.05);
    expect(alone.pass).toBe(false); // the gain IS significant on its own
    const unrelated = [better('strong', 'weak'), better('closeA', 'closeB'), tied('strong', 'copy', { margin: 0.01 }), better('copy', 'weak'), better('copy', 'closeB'), better('strong', 'closeB'), better('closeA', 'weak')];
    const inFamily = evaluateClaims([notBetter('edgeA', 'edgeB'), ...unrelated], runs, fast)[0]!;
    expect(inFamily.adjustedP).toBe(inFamily.pValue);
    expect(inFamily.pass).toBe(false);
    expect(inFamily.familySize).toBe(0);
    // A negated ladder too: judged on its weakest step's own p.
    expect(evaluateClaims([notLadder(['edgeB', 'edgeA'], 'x'), ...unrelated], runs, fast)[0]!.pass).toBe(false);
  });

  it('says that "not shown" is an absence of evidence', () => {
    const r = evaluateClaim(notBetter('closeA', 'closeB'), runs, fast);
    expect(r.pass).toBe(true);
    expect(formatClaimResult(r)).toMatch(/closeA is NOT shown to be significantly better than closeB on these questions: supported.*\n(.*\n)*.*an absence of evidence, not evidence of absence/);
    // An exploratory negated claim says it too: the wording follows the negation, not the role.
    const x = evaluateClaim(notBetter('closeA', 'closeB', { exploratory: true }), runs, fast);
    expect(x.role).toBe('exploratory');
    expect(formatClaimResult(x)).toMatch(/^\[exploratory, not gating\] closeA is NOT shown to be significantly better than closeB on these questions: supported.*\n(.*\n)*.*an absence of evidence, not evidence of absence/);
    const established = evaluateClaim(notBetter('strong', 'weak', { exploratory: true }), runs, fast);
    expect(formatClaimResult(established)).toContain('the finding IS established on its own unadjusted p-value, so "not shown" is false');
  });

  it('refuses a tie whose margin is not below the smallest gain the same family calls significant', () => {
    // strong − weak = 6 points is claimed significant; a ±7-point tie would contain it.
    const [, wide] = evaluateClaims([better('strong', 'weak'), tied('closeA', 'closeB', { margin: 0.07 })], runs, fast);
    expect(wide!.refused).toMatchObject({ kind: 'margin-not-below-meaningful', margin: 0.07, a: 'strong', b: 'weak' });
    expect(wide!.pass).toBe(false);
    expect(formatClaimResult(wide!)).toMatch(/not below the smallest gain this family calls significant \(6\.0 pts, strong over weak\)/);
    const [, narrow] = evaluateClaims([better('strong', 'weak'), tied('closeA', 'closeB', { margin: 0.03 })], runs, fast);
    expect(narrow!.refused).toBeNull();
    expect(narrow!.pass).toBe(true);
    expect(narrow!.meaningful).toMatchObject({ a: 'strong', b: 'weak' });
    expect(formatClaimResult(narrow!)).toMatch(/margin ±3\.0 pts: below the smallest gain this family calls significant \(6\.0 pts, strong over weak\)/);
  });

  it('states reproducibility as identical verdicts (exact), not as a test', () => {
    expect(evaluateClaim(identical('strong', 'copy'), runs, fast)).toMatchObject({ pass: true, differing: { count: 0, allowed: 0 }, pValue: null });
    const flipped = strongA.slice();
    flipped[3] = 0;
    const one = new Map([...runs, ['flip', makeRun('flip', flipped)]]);
    const r = evaluateClaim(identical('strong', 'flip'), one, fast);
    expect(r.pass).toBe(false);
    expect(r.differing).toEqual({ count: 1, allowed: 0, indices: [3] });
    expect(evaluateClaim(identical('strong', 'flip', { maxDiffering: 1 }), one, fast).pass).toBe(true);
  });
});

describe('the family correction', () => {
  it('applies Holm over the confirmatory claims; adding claims never makes one easier to pass', () => {
    const claims = [better('edgeA', 'edgeB'), better('strong', 'weak'), better('closeA', 'closeB'), better('weak', 'strong')];
    const alone = evaluateClaim(claims[0]!, runs, fast);
    expect(alone.pass).toBe(true);
    const results = evaluateClaims(claims, runs, fast);
    expect(results.map((r) => r.adjustedP)).toEqual(holm(results.map((r) => r.pValue!)).adjusted);
    expect(results[0]!.pass).toBe(false);
    for (let k = 1; k <= claims.length; k++) {
      const adj = evaluateClaims(claims.slice(0, k), runs, fast)[0]!.adjustedP!;
      const more = evaluateClaims(claims.slice(0, Math.min(k + 1, claims.length)), runs, fast)[0]!.adjustedP!;
      expect(more).toBeGreaterThanOrEqual(adj);
    }
  });

  it('has one definition of "holds": a step and its claim never disagree', () => {
    const results = evaluateClaims([better('edgeA', 'edgeB'), better('strong', 'weak'), better('closeA', 'closeB')], runs, fast);
    const edge = results[0]!;
    expect(edge.comparisons[0]!.questions.p).toBeLessThan(0.05); // raw p would say "holds"
    expect(edge.holds).toBe(false);
    expect(edge.comparisons[0]!.holds).toBe(false);
    for (const r of results) expect(r.comparisons.every((c) => c.holds)).toBe(r.holds);
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
    expect(r.pValue).toBe(Math.max(...r.comparisons.map((s) => s.questions.p)));
    expect(evaluateClaim(ladder(['high', 'mid', 'low'], 'size'), three, fast).pass).toBe(false);
  });
});

describe('numbers', () => {
  it('computes the margin test with Φ(−z), which does not underflow where 1 − Φ(z) does', () => {
    expect(1 - normalCdf(9)).toBe(0);
    expect(marginP(0.3, 0.01, 0.21, 1)).toBe(normalCdf(-9));
    expect(marginP(0.3, 0.01, 0.21, 1)).toBeGreaterThan(0);
    expect(marginP(0.3, 0.01, 0.21, 2)).toBe(2 * normalCdf(-9));
    // In a claim: a 40-point gain "by more than 5" is decided by the margin test, not McNemar.
    const [a, b] = pair(1000, 400, 420, 20);
    const big = new Map([makeRun('a', a), makeRun('b', b)].map((r) => [r.name, r]));
    const r = evaluateClaim(better('a', 'b', { by: 0.05 }), big, fast);
    const l = r.comparisons[0]!.questions;
    expect(l.pMargin!).toBeGreaterThan(0);
    expect(l.pMargin!).toBeGreaterThan(l.pTwoSided);
    expect(r.pValue).toBe(l.pMargin);
  });

  it('with `by`, also tests a − b > by, and the claim\'s p-value is the larger of the two', () => {
    const plain = evaluateClaim(better('strong', 'weak'), runs, fast);
    const by2 = evaluateClaim(better('strong', 'weak', { by: 0.02 }), runs, fast);
    expect(by2.pass).toBe(true);
    expect(by2.pValue!).toBeGreaterThan(plain.pValue!);
    expect(evaluateClaim(better('strong', 'weak', { by: 0.05 }), runs, fast).pass).toBe(false);
  });

  it('computes "detectable" for the test actually run: sides, the Holm level, and clustering', () => {
    const two = evaluateClaim(better('edgeA', 'edgeB'), runs, fast).comparisons[0]!;
    const one = evaluateClaim(better('edgeA', 'edgeB', { sides: 1, source: 's' }), runs, fast).comparisons[0]!;
    expect(one.questions.detectable!).toBeLessThan(two.questions.detectable!);
    expect(two.questions.detectable).toBe(mcnemarMde({ n: 1000, discordance: 0.098, alpha: 0.05, sides: 2 }).mde);
    // Holm tests the middle one of three p-values at alpha / 2.
    const family = evaluateClaims([better('edgeA', 'edgeB'), better('strong', 'weak'), better('closeA', 'closeB')], runs, fast)[0]!;
    expect(family.level).toBeCloseTo(0.05 / 2, 15);
    expect(family.comparisons[0]!.questions.detectable!).toBeGreaterThan(two.questions.detectable!);
    const lumpy = evaluateClaim(better('lumpy', 'flat'), concentrated, fast).comparisons[0]!;
    // Two databases carry 60 of the 80 discordant pairs: the design is worth about 80/23 ≈ 3.5
    // independent discordant pairs' worth of information per 80, too few to detect any gap ≤ ψ.
    expect(lumpy.databases.designEffect).toBeGreaterThan(20);
    expect(lumpy.questions.detectable).not.toBeNull();
    expect(lumpy.databases.detectable).toBeNull();
    const d = two.databases;
    expect(d.designEffect).not.toBe(1);
    expect(d.detectable).toBe(mcnemarMde({ n: 1000, discordance: 0.098, alpha: 0.05, sides: 2, designEffect: d.designEffect }).mde);
  });

  it('bootstraps each run once: its intervals are the ones `t2sql compare` prints for it', () => {
    const r = evaluateClaim(better('strong', 'weak'), runs, { ...fast, seed: 9 });
    const a = runs.get('strong')!;
    const b = runs.get('weak')!;
    const cli = pairedComparison(a.correct, b.correct, { seed: 9, resamples: 2000 });
    const cliClustered = pairedComparison(a.correct, b.correct, { seed: 9, resamples: 2000, clusters: a.dbIds });
    expect(r.runs[0]!.ci.questions).toEqual(cli.a.ci);
    expect(r.runs[1]!.ci.questions).toEqual(cli.b.ci);
    expect(r.runs[0]!.ci.databases).toEqual(cliClustered.a.ci);
    expect(r.comparisons[0]!.questions.difference).toEqual(cli.difference);
    expect(r.comparisons[0]!.databases.difference).toEqual(cliClustered.difference);
  });

  it('reports a bootstrap TOST p of 0 as at most 1/(B + 1)', () => {
    const r = evaluateClaim(tied('strong', 'copy', { margin: 0.01 }), runs, fast);
    expect(r.pass).toBe(true);
    expect(r.equivalence!.questions).toMatchObject({ pValue: 1 / 2001, pValueIsBound: true });
    expect(formatClaimResult(r)).toMatch(/TOST questions \(decides\): .* p ≤ 0\.0005/);
  });

  it('decides ties with equivalence (TOST), not with a non-significant difference', () => {
    const r = evaluateClaim(tied('closeA', 'closeB', { margin: 0.005 }), runs, fast);
    expect(r.pass).toBe(false);
    expect(formatClaimResult(r)).toMatch(/a margin of at least/);
    expect(evaluateClaim(tied('closeA', 'closeB', { margin: 0.03 }), runs, fast).pass).toBe(true);
  });

  it('checks an accuracy against a published number with a tolerance', () => {
    expect(evaluateClaim(accuracyWithin('strong', 0.78, 0.001), runs, fast).pass).toBe(true);
    expect(evaluateClaim(accuracyWithin('strong', 0.8, 0.01), runs, fast).pass).toBe(false);
  });

  it('refuses a claim whose effect the sample is too small to detect with the test as run (minPower)', () => {
    const small = new Map([...runs].map(([k, r]) => [k, sliceRun(r, Array.from({ length: 60 }, (_, i) => 690 + i), k)]));
    const refused = evaluateClaim(better('strong', 'weak', { effect: 0.06 }), small, { ...fast, minPower: 0.8 });
    expect(refused.refused?.kind).toBe('underpowered');
    expect(refused.pass).toBe(false);
    expect(formatClaimResult(refused)).toMatch(/too small to test a 6\.0-point effect/);
    expect(evaluateClaim(better('strong', 'weak', { effect: 0.06 }), small, fast).refused).toBeNull();
    expect(evaluateClaim(better('strong', 'weak', { effect: 0.06 }), runs, { ...fast, minPower: 0.8 }).refused).toBeNull();
  });

  it('is deterministic under a seed and records it; ClaimResult holds numbers, not prose', () => {
    const a = evaluateClaim(better('strong', 'weak'), runs, { ...fast, resamples: 500, seed: 7 });
    const b = evaluateClaim(better('strong', 'weak'), runs, { ...fast, resamples: 500, seed: 7 });
    expect(a).toEqual(b);
    expect(a.seed).toBe(7);
    expect(a).not.toHaveProperty('details');
    expect(a).not.toHaveProperty('hint');
    expect(a.familySize).toBe(0); // one claim on its own: no correction, and the output says so
    expect(formatClaimResult(a)).toMatch(/no correction, alpha 0\.05/);
  });

  it('refuses to pair runs scored on different examples', () => {
    const slice = new Map([...runs, ['slice', sliceRun(runs.get('weak')!, [0, 1, 2], 'slice')]]);
    expect(() => evaluateClaim(better('strong', 'slice'), slice, fast)).toThrow(/not scored on the same examples/);
  });
});

describe('failure messages', () => {
  it('print both accuracies with both CIs, both analyses, n, and what would change', () => {
    const r = evaluateClaim(better('closeA', 'closeB'), runs, fast);
    const text = formatClaimResult(r);
    expect(text).toContain('closeA is significantly better than closeB on these questions: NOT supported');
    expect(text).toMatch(/closeA: 73\.0% \[\d+\.\d, \d+\.\d\] over questions, \[\d+\.\d, \d+\.\d\] over 20 databases \(n=1000\)/);
    expect(text).toMatch(/exact McNemar p = 0\.\d{4} two-sided/);
    expect(text).toMatch(/would need about \d+ examples/);
    expect(() => assertClaim(r)).toThrow(ClaimError);
  });
});

describe('matchers', () => {
  it('work through expect.extend, including .not, and refuse a claim without a target either way', () => {
    expect.extend(claimMatchers);
    const strong = runs.get('strong')!;
    const weak = runs.get('weak')!;
    const o = { resamples: 1000, target: 'questions' as const };
    expect(strong).toBeSignificantlyBetterThan(weak, o);
    expect(weak).not.toBeSignificantlyBetterThan(strong, o);
    expect(strong).toBeTiedWith(runs.get('copy')!, { ...o, margin: 0.01 });
    expect([weak, strong]).toIncreaseWith('anything', o);
    expect(strong).toHaveAccuracyWithin(0.78, 0.005);
    expect(() => expect(weak).toBeSignificantlyBetterThan(strong, o)).toThrow(/weak − strong = -6\.0 pts/);
    expect(() => expect(weak).not.toBeSignificantlyBetterThan(strong, { resamples: 1000 })).toThrow(/no inference target/);
  });

  it('are typed', () => {
    const run = runs.get('strong')!;
    expectTypeOf(expect(run).toBeSignificantlyBetterThan).parameter(1).toEqualTypeOf<import('../../src/claims/matchers/index.ts').BetterThanOptions | undefined>();
    expectTypeOf(expect(run).toHaveAccuracyWithin).parameters.toEqualTypeOf<[number, number]>();
  });
});
