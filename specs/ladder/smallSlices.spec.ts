// Finding 7, the study's own lesson: "small slices lie". CodeS-3B beats CodeS-1B by about
// five points on the 1034 questions of full dev, a difference the paired test confirms; on a
// seeded random slice of 100 questions the same two systems show no significant difference,
// and the power analysis says why: at n = 100 a gap that size is below what the test (two-
// sided, as run) can detect. Both claims are about questions ('questions' target).
import { describe, expect, it } from 'vitest';
import { better, notBetter } from '../../src/claims/Claim.ts';
import { claimSuite } from '../../src/claims/claimSuite.ts';
import { evaluateClaim } from '../../src/claims/evaluateClaims.ts';
import { formatClaimResult } from '../../src/claims/formatClaimResult.ts';
import { sliceRun } from '../../src/evaluate/EvaluatedRun.ts';
import { mcnemarPower, pairedComparison, sampleIndices } from '../../src/stats/index.ts';
import { ladderRuns } from './_support/ladderRuns.ts';

const A = 'codes-3b-sft';
const B = 'codes-1b-sft';
const SLICE_SEED = 1;
const full = await ladderRuns([A, B]);
const positions = [...sampleIndices(1034, 100, { seed: SLICE_SEED }).indices];
const slice = new Map([...full].map(([name, run]) => [name, sliceRun(run, positions, name)]));

claimSuite(`Finding 7: full dev (n = 1034)`, [better(A, B)], full, { correction: 'none', target: 'questions' });
claimSuite(`Finding 7: seeded random slice (n = 100, seed ${SLICE_SEED})`, [notBetter(A, B)], slice, { correction: 'none', target: 'questions' });

describe('why the slice lies', () => {
  it('a spec can refuse the claim on the slice: n = 100 is too small to test a 5-point gain', () => {
    const claim = better(A, B, { effect: 0.05, target: 'questions' });
    const onSlice = evaluateClaim(claim, slice, { minPower: 0.8, resamples: 2000 });
    console.log(formatClaimResult(onSlice));
    expect(onSlice.refused?.kind).toBe('underpowered');
    expect(onSlice.pass).toBe(false);
    if (onSlice.refused?.kind !== 'underpowered') return;
    expect(onSlice.refused.neededN!).toBeGreaterThan(100);
    const onFull = evaluateClaim(claim, full, { minPower: 0.8, resamples: 2000 });
    expect(onFull.refused).toBeNull();
    expect(onFull.pass).toBe(true);
  });

  it('at n = 100 the test has little power for the full-dev gap; at n = 1034 it has plenty', () => {
    const onFull = pairedComparison(full.get(A)!.correct, full.get(B)!.correct, { resamples: 2000 });
    const effect = onFull.difference.estimate;
    const power = (n: number) => mcnemarPower({ n, discordance: onFull.discordance, effect, sides: 2 }).power;
    console.log(`gap ${(100 * effect).toFixed(1)} pts, discordance ${(100 * onFull.discordance).toFixed(1)}%: power ${power(100).toFixed(2)} at n=100, ${power(1034).toFixed(2)} at n=1034`);
    expect(power(100)).toBeLessThan(0.5);
    expect(power(1034)).toBeGreaterThan(0.9);
  });
});
