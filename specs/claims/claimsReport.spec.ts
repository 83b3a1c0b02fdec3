import { describe, expect, it } from 'vitest';
import { better, notBetter } from '../../src/claims/Claim.ts';
import { claimRecord } from '../../src/claims/claimRecord.ts';
import { evaluateClaims } from '../../src/claims/evaluateClaims.ts';
import type { EvaluatedRun } from '../../src/evaluate/EvaluatedRun.ts';
import { claimsReport } from '../../src/report/ClaimsJsonReporter.ts';
import { holm } from '../../src/stats/index.ts';

function run(name: string, right: (i: number) => boolean): EvaluatedRun {
  const n = 1000;
  const correct = Uint8Array.from({ length: n }, (_, i) => (right(i) ? 1 : 0));
  const k = correct.reduce((a, b) => a + b, 0);
  return {
    name,
    label: `label of ${name}`,
    n,
    correct,
    reasons: [...correct].map((b) => (b ? 'match' : 'mismatch')),
    dbIds: Array.from({ length: n }, (_, i) => `db${i % 20}`),
    accuracy: k / n,
    indices: Array.from({ length: n }, (_, i) => i),
    source: { predictionsSha256: `pred-${name}`, goldSha256: 'gold-sha', compat: 'official', evaluatorHash: 'eval-hash' },
  };
}

// base: right on 0–699; edge: also on 700–761 but wrong on 660–699 (62 vs 40 discordant,
// two-sided p ≈ 0.04); strong: right on 0–779; other: one question more.
const runs = new Map(
  [
    run('base', (i) => i < 700),
    run('edge', (i) => (i < 660 || (i >= 700 && i < 762))),
    run('strong', (i) => i < 780),
    run('other', (i) => i < 781),
  ].map((r) => [r.name, r]),
);
const opts = { resamples: 1000, target: 'questions' as const };

describe('the ladder results file', () => {
  it('applies Holm over all confirmatory claims of the run and says which survive', () => {
    const fam1 = evaluateClaims([better('edge', 'base')], runs, opts).map((r) => claimRecord(r, 'family one'));
    const fam2 = evaluateClaims([better('strong', 'base'), better('other', 'base'), notBetter('other', 'strong'), better('other', 'strong', { exploratory: true }), better('strong', 'other')], runs, opts).map((r) => claimRecord(r, 'family two'));
    const records = [...fam1, ...fam2].map((r) => ({ ...r, test: r.statement, file: 'x.spec.ts', state: r.pass ? 'pass' : 'fail' }));
    expect(records[0]!.pass).toBe(true); // alone in its family, the edge claim passes
    const report = claimsReport(records, '9.9.9', '2026-01-01T00:00:00.000Z');
    const confirmatory = [0, 1, 2, 5];
    const expected = holm(confirmatory.map((i) => records[i]!.pValue!)).adjusted;
    expect(confirmatory.map((i) => report.claims[i]!.global!.adjustedP)).toEqual(expected);
    expect(report.claims[0]!.global!.survives).toBe(false); // but not over the whole run
    expect(report.claims[3]!.global).toBeNull(); // negated and exploratory claims are in no correction
    expect(report.claims[4]!.global).toBeNull();
    expect(report.globalCorrection).toMatchObject({ method: 'holm', claims: 4, surviving: 2 });
    expect(report.globalCorrection.notSurviving).toContain('family one: edge is significantly better than base on these questions');
  });

  it('refuses a run-wide Holm over families with different alphas, naming them', () => {
    const strict = evaluateClaims([better('strong', 'base')], runs, { ...opts, alpha: 0.01 }).map((r) => claimRecord(r, 'strict family'));
    const usual = evaluateClaims([better('other', 'base')], runs, opts).map((r) => claimRecord(r, 'usual family'));
    const records = [...usual, ...strict].map((r) => ({ ...r, test: r.statement, file: 'x.spec.ts', state: 'pass' }));
    expect(() => claimsReport(records, '9.9.9', '2026-01-01T00:00:00.000Z')).toThrow(/one alpha.*usual family: alpha 0\.05; strict family: alpha 0\.01/);
    // The same two families at one alpha are corrected together.
    const same = evaluateClaims([better('strong', 'base')], runs, opts).map((r) => ({ ...claimRecord(r, 'strict family'), test: 't', file: 'f', state: 'pass' }));
    expect(claimsReport([records[0]!, ...same], '9.9.9', '2026-01-01T00:00:00.000Z').globalCorrection).toMatchObject({ alpha: 0.05, claims: 2 });
  });

  it('records the version and, once per run, what produced its verdicts', () => {
    const records = evaluateClaims([better('strong', 'base')], runs, opts).map((r) => ({ ...claimRecord(r, 'f'), test: 't', file: 'f', state: 'pass' }));
    const report = claimsReport(records, '9.9.9', '2026-01-01T00:00:00.000Z');
    expect(report.version).toBe('9.9.9');
    expect(report.runs.strong).toEqual({ label: 'label of strong', n: 1000, clusters: 20, source: { predictionsSha256: 'pred-strong', goldSha256: 'gold-sha', compat: 'official', evaluatorHash: 'eval-hash' } });
    expect(Object.keys(report.runs).sort()).toEqual(['base', 'strong']);
    // Both analyses are in the record of every comparison.
    const c = report.claims[0]!.comparisons[0]!;
    expect(c.questions.test).toBe('mcnemar-exact');
    expect(c.databases.test).toBe('sign-flip-exact');
    expect(report.claims[0]!.levels).toHaveProperty('databases.p');
  });
});
