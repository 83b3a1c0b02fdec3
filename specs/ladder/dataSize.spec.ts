// Finding 6: more fine-tuning data helps — accuracy at 7,000 training examples vs 500, for
// each NL2SQL360 data-size series. The finding is "for at least one series"; each series
// says which population it is established for (two-sided, Holm across the family).
import { describe, expect, it } from 'vitest';
import { better, notBetter } from '../../src/claims/Claim.ts';
import { claimSuite } from '../../src/claims/claimSuite.ts';
import { FT_SIZE_SERIES, ladderRuns } from './_support/ladderRuns.ts';

const series = FT_SIZE_SERIES();
const runs = await ladderRuns(series.flatMap((s) => [`${s}-500`, `${s}-7000`]));

// CodeLlama in the first NL2SQL360 release (59.8% → 61.5%; its curve peaks at 4,000–5,000
// examples, 72%, and falls back) was singled out as "flat" after looking at the curves: it is
// reported as exploratory, never gating.
const flat = 'nl2sql360-ftsize-codellama-7b';
// DeepSeek-Coder in the first release gains about 4 points: clear for these questions, not
// across databases.
const questionsOnly = 'nl2sql360-ftsize-deepseek-coder-7b';

const results = claimSuite(
  'Finding 6: fine-tuning data size: 7,000 vs 500 training examples',
  series.flatMap((s) => {
    const [hi, lo] = [`${s}-7000`, `${s}-500`];
    if (s === flat) return [notBetter(hi, lo, { target: 'questions', exploratory: true })];
    if (s === questionsOnly) return [better(hi, lo, { target: 'questions' }), notBetter(hi, lo, { target: 'databases' })];
    return [better(hi, lo, { target: 'databases' })];
  }),
  runs,
);

describe('fine-tuning data size', () => {
  it('accuracy rises from 500 to 7,000 examples across databases for at least one series', () => {
    expect(results.filter((r) => r.role === 'confirmatory' && r.target === 'databases' && r.holds).length).toBeGreaterThanOrEqual(1);
  });
});
