import type { Interval } from '../stats/index.ts';
import { describeClaim, type Target } from './Claim.ts';
import type { ClaimResult, LevelAnalysis, NamedComparison, Refusal } from './ClaimResult.ts';

const pts = (x: number, sign = false) => `${sign && x > 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
const pFmt = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toFixed(4));
const ci = (c: Interval, sign = false) => `[${pts(c[0], sign)}, ${pts(c[1], sign)}]`;
const where = (t: Target) => (t === 'questions' ? 'for these questions' : 'across databases');
const TEST_NAME = { 'mcnemar-exact': 'exact McNemar', 'mcnemar-clustered': 'clustered McNemar', 'sign-flip-exact': 'exact sign-flip over databases' } as const;

/** The claim's statement, as the test title and the first line of its report. */
export function claimStatement(r: ClaimResult): string {
  return `${r.role === 'exploratory' ? '[exploratory, not gating] ' : ''}${describeClaim(r.claim)}`;
}

/** The claim, its verdict and its numbers (both analyses), as a failing test or the ladder log prints them. */
export function formatClaimResult(r: ClaimResult): string {
  const lines: string[] = [];
  const verdict = r.refused ? 'REFUSED' : r.pass ? 'supported by the data' : 'NOT supported by the data';
  lines.push(`${claimStatement(r)}: ${verdict}`);
  for (const run of r.runs) {
    lines.push(`  ${run.run}: ${pts(run.accuracy)}% ${ci(run.ci.questions)} over questions, ${ci(run.ci.databases)} over ${run.clusters} databases (n=${run.n})`);
  }
  for (const c of r.comparisons) lines.push(...comparisonLines(r, c));
  if (r.equivalence) {
    for (const t of ['questions', 'databases'] as const) {
      const e = r.equivalence[t];
      const p = e.pValueIsBound ? `≤ ${pFmt(e.pValue)}` : `= ${pFmt(e.pValue)}`;
      lines.push(
        `  TOST ${t}${t === r.target ? ' (decides)' : ''}: ${pts(e.difference, true)} pts, ${Math.round(100 * (1 - 2 * e.alpha))}% ${t === 'questions' ? 'paired' : 'cluster'} CI ${ci(e.ci, true)} vs ±${pts(e.margin)}: ${e.equivalent ? 'inside' : 'not inside'}; p ${p}`,
      );
    }
  }
  if (r.claim.kind === 'tied' && r.equivalence && r.refused === null) {
    const m = r.equivalence.questions.margin;
    lines.push(
      r.meaningful
        ? `  margin ±${pts(m)} pts: below the smallest gain this family calls significant (${pts(r.meaningful.effect)} pts, ${r.meaningful.a} over ${r.meaningful.b})`
        : `  margin ±${pts(m)} pts (this family claims no significant gain to compare it with)`,
    );
  }
  if (r.levels && r.target) {
    const other: Target = r.target === 'questions' ? 'databases' : 'questions';
    const said = (t: Target) => `${r.levels![t].holds ? 'holds' : 'does NOT hold'} ${where(t)} (p ${pFmt(r.levels![t].p)}${r.familySize > 0 ? `, adjusted ${pFmt(r.levels![t].adjustedP)}` : ''})`;
    lines.push(`  finding: ${said(r.target)}; ${said(other)}. Declared target: ${r.target}, which decides.`);
  }
  if (r.differing) {
    lines.push(`  verdicts differ on ${r.differing.count} of ${r.n} questions (allowed ${r.differing.allowed})${r.differing.indices.length ? `: examples ${r.differing.indices.join(', ')}` : ''}`);
  }
  if (r.claim.kind === 'accuracy') {
    lines.push(`  |${pts(r.runs[0]!.accuracy)} − ${pts(r.claim.expected)}| = ${pts(Math.abs(r.runs[0]!.accuracy - r.claim.expected))} pts (tolerance ${pts(r.claim.tolerance)})`);
  }
  lines.push(`  ${how(r)}`);
  if (r.claim.negate && !r.refused) {
    lines.push(
      r.pass
        ? '  an absence of evidence, not evidence of absence: judged on its own unadjusted p-value; to assert "no meaningful difference", state a tied claim (TOST)'
        : '  the finding IS established on its own unadjusted p-value, so "not shown" is false',
    );
  }
  if (r.refused) lines.push(`  REFUSED: ${refusal(r.refused, r)}`);
  lines.push(`  → ${hint(r)}`);
  return lines.join('\n');
}

function comparisonLines(r: ClaimResult, c: NamedComparison): string[] {
  const lines = [`  ${c.a} − ${c.b} = ${pts(c.questions.difference.estimate, true)} pts; only ${c.a} right: ${c.counts.b10}, only ${c.b} right: ${c.counts.b01}`];
  if (r.claim.kind === 'tied') return lines;
  for (const l of [c.questions, c.databases]) lines.push(`    ${levelLine(r, l)}`);
  return lines;
}

function levelLine(r: ClaimResult, l: LevelAnalysis): string {
  const decides = l.target === r.target ? ' (decides)' : '';
  const scheme = l.target === 'questions' ? 'paired CI' : `cluster CI over ${l.clusters} databases`;
  const sided = r.sides === 2 ? 'two-sided' : 'one-sided';
  const test = `${TEST_NAME[l.test]} p = ${pFmt(r.sides === 2 ? l.pTwoSided : l.pOneSided)} ${sided}`;
  const beside = l.clusteredMcnemarP !== null && l.test !== 'mcnemar-clustered' ? ` (clustered McNemar ${pFmt(l.clusteredMcnemarP)} two-sided)` : '';
  const margin = l.pMargin !== null ? `; margin test p = ${pFmt(l.pMargin)}` : '';
  const adjusted = r.familySize > 0 ? `; adjusted p = ${pFmt(l.adjustedP)}` : '';
  const det = l.detectable !== null ? `; detectable ≈ ${pts(l.detectable)} pts` : '; detectable: none at this n';
  const deff = l.target === 'databases' ? ` (design effect ${l.designEffect.toFixed(1)})` : '';
  return `${l.target}${decides}: 95% ${scheme} ${ci(l.difference.ci, true)}; ${test}${beside}${margin}${adjusted}: ${l.holds ? 'holds' : 'does not hold'}${det}${deff}`;
}

/** The settings the verdict rests on, in one line. */
function how(r: ClaimResult): string {
  const parts: string[] = [];
  if (r.target) parts.push(`target: ${r.target}`);
  if (r.levels) parts.push(r.claim.kind === 'tied' ? 'TOST: two one-sided tests at alpha' : r.sides === 2 ? 'two-sided' : `one-sided, direction from: ${r.source ?? 'NO SOURCE'}`);
  if (r.role === 'confirmatory' && r.familySize > 0) {
    parts.push(`${r.correction === 'holm' ? 'Holm' : 'Benjamini–Hochberg'} over ${r.familySize} claims (this claim's level ${pFmt(r.level)}, alpha ${r.alpha})`);
  } else if (r.levels) parts.push(`${r.role === 'confirmatory' ? 'no correction' : r.role === 'negated' ? 'unadjusted (negated claim)' : 'unadjusted (exploratory)'}, alpha ${r.alpha}`);
  parts.push(`seed ${r.seed}, ${r.resamples} resamples`);
  return `(${parts.join('; ')})`;
}

function refusal(x: Refusal, r: ClaimResult): string {
  switch (x.kind) {
    case 'no-target':
      return "the claim states no inference target: give it (or its family) target 'questions' or 'databases'";
    case 'one-sided-without-source':
      return 'a one-sided claim needs a `source` saying where its direction was stated before the data (or make it two-sided)';
    case 'underpowered':
      return `power ${x.power.toFixed(2)} < ${x.minPower} to detect ${pts(x.effect)} pts at n=${r.n}${x.neededN !== null ? `; about ${x.neededN} examples would be needed` : ''}`;
    case 'margin-not-below-meaningful':
      return `the margin ±${pts(x.margin)} pts is not below the smallest gain this family calls significant (${pts(x.meaningful)} pts, ${x.a} over ${x.b}): a tie that wide would contain a meaningful effect`;
  }
}

/** What would have to change for the verdict to flip, in one sentence, from the numbers. */
function hint(r: ClaimResult): string {
  const claim = r.claim;
  if (r.refused?.kind === 'underpowered') {
    return `the sample is too small to test a ${pts(r.refused.effect)}-point effect${r.refused.neededN !== null ? `: use about ${r.refused.neededN} examples` : ''}`;
  }
  if (r.refused) return 'restate the claim';
  if (claim.kind === 'accuracy') {
    return r.holds ? 'the accuracy is within tolerance' : `the accuracy would have to move ${pts(Math.abs(r.runs[0]!.accuracy - claim.expected) - claim.tolerance)} pts toward ${pts(claim.expected)}%`;
  }
  if (claim.kind === 'identical') {
    return r.holds ? 'the verdicts agree (exact, no test needed)' : `${r.differing!.count - r.differing!.allowed} more verdict(s) differ than allowed`;
  }
  const t = r.target!;
  if (claim.kind === 'tied') {
    const e = r.equivalence![t];
    const need = Math.max(Math.abs(e.ci[0]), Math.abs(e.ci[1]));
    if (!r.holds && e.equivalent) return `the interval lies inside ±${pts(e.margin)} pts, but the TOST p-value does not survive the family's correction`;
    return r.holds
      ? `the difference's interval lies inside ±${pts(e.margin)} pts ${where(t)}`
      : `the ${Math.round(100 * (1 - 2 * e.alpha))}% interval reaches ${pts(need)} pts ${where(t)}: a margin of at least ${pts(need)} pts, or more data, would be needed`;
  }
  const weakest = [...r.comparisons].sort((x, y) => y[t].p - x[t].p)[0]!;
  const l = weakest[t];
  if (r.holds) return `holds with margin: the weakest step (${weakest.a} vs ${weakest.b}) has p = ${pFmt(l.p)} ${where(t)}`;
  if (l.difference.estimate <= 0) return `${weakest.b} is at least as accurate as ${weakest.a} here (${pts(l.difference.estimate, true)} pts): no sample size would confirm the claim`;
  const n = r.needed;
  return (
    `${weakest.a} leads ${weakest.b} by ${pts(l.difference.estimate)} pts, below what this test can confirm ${where(t)}` +
    (l.detectable !== null ? ` (detectable ≈ ${pts(l.detectable)} pts)` : '') +
    (n && n.examples !== null ? `; the same gap and agreement rate would need about ${n.examples} examples${n.databases !== null ? ` (about ${n.databases} databases of this size)` : ''}` : '')
  );
}

/** Throws when a gating claim is not supported; the error message carries every number. */
export function assertClaim(r: ClaimResult): void {
  if (r.gating && !r.pass) throw new ClaimError(r);
}

export class ClaimError extends Error {
  override readonly name = 'ClaimError';
  constructor(readonly result: ClaimResult) {
    super(formatClaimResult(result));
  }
}
