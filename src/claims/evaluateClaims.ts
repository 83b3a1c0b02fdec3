import type { EvaluatedRun } from '../evaluate/EvaluatedRun.ts';
import {
  benjaminiHochberg,
  bootstrapAccuracy,
  equivalenceTest,
  holm,
  mcnemarPower,
  mcnemarSampleSize,
  pairedComparison,
  type EquivalenceResult,
} from '../stats/index.ts';
import { normalCdf } from '../stats/index.ts';
import { describeClaim, type Claim, type ClaimOptions } from './Claim.ts';
import type { ClaimResult, NamedComparison } from './ClaimResult.ts';

export type RunLookup = ReadonlyMap<string, EvaluatedRun>;

interface Raw {
  claim: Claim;
  n: number;
  pValue: number | null;
  /** Whether the finding holds given a p-value (already adjusted or not). */
  decide: (p: number | null) => boolean;
  comparisons: NamedComparison[];
  equivalence: EquivalenceResult | null;
  runs: EvaluatedRun[];
}

const pts = (x: number, sign = false) => `${sign && x > 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
const pFmt = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toFixed(4));

/**
 * Evaluates the claims of one family (one spec file) on evaluated runs: each claim's paired
 * statistics, then the family's multiple-comparison correction (Holm by default) over the
 * claims that have a p-value. Pure: same runs and options, same results.
 */
export function evaluateClaims(claims: readonly Claim[], runs: RunLookup, options: ClaimOptions = {}): ClaimResult[] {
  const alpha = options.alpha ?? 0.05;
  const correction = options.correction ?? 'holm';
  const raws = claims.map((c) => rawClaim(c, runs, options));
  const withP = raws.map((r, i) => ({ r, i })).filter((x) => x.r.pValue !== null);
  const adjusted = new Map<number, number>();
  if (withP.length > 0) {
    const ps = withP.map((x) => x.r.pValue!);
    const adj = correction === 'none' ? ps : (correction === 'holm' ? holm(ps, { alpha }) : benjaminiHochberg(ps, { alpha })).adjusted;
    withP.forEach((x, k) => adjusted.set(x.i, adj[k]!));
  }
  return raws.map((raw, i) => finish(raw, adjusted.get(i) ?? null, alpha, correction, options));
}

/** One claim on its own (no correction). */
export function evaluateClaim(claim: Claim, runs: RunLookup, options: ClaimOptions = {}): ClaimResult {
  return evaluateClaims([claim], runs, { ...options, correction: 'none' })[0]!;
}

function get(runs: RunLookup, name: string): EvaluatedRun {
  const run = runs.get(name);
  if (!run) throw new Error(`claim refers to run '${name}', which was not loaded`);
  return run;
}

function compare(a: EvaluatedRun, b: EvaluatedRun, options: ClaimOptions): NamedComparison {
  if (a.n !== b.n || a.indices.some((x, i) => x !== b.indices[i])) {
    throw new Error(`runs '${a.name}' and '${b.name}' are not scored on the same examples; a paired comparison needs both`);
  }
  const comparison = pairedComparison(a.correct, b.correct, {
    alpha: options.alpha ?? 0.05,
    ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.clusterByDatabase ? { clusters: a.dbIds } : {}),
  });
  return { a: a.name, b: b.name, comparison, pValue: comparison.decision.pOneSided.aBetter, holds: false };
}

function rawClaim(claim: Claim, runs: RunLookup, options: ClaimOptions): Raw {
  const alpha = options.alpha ?? 0.05;
  switch (claim.kind) {
    case 'better': {
      const a = get(runs, claim.a);
      const b = get(runs, claim.b);
      const c = compare(a, b, options);
      const by = claim.by ?? 0;
      // "Better by more than `by`": a − b > 0 (exact McNemar) and a − b > by (one-sided test
      // on the paired bootstrap's standard error). Both must hold, so the claim's p-value is
      // the larger of the two, and the family's correction applies to it.
      const d = c.comparison.difference;
      const pMargin = by > 0 ? (d.se > 0 ? 1 - normalCdf((d.estimate - by) / d.se) : d.estimate > by ? 0 : 1) : 0;
      const p = Math.max(c.pValue, pMargin);
      const decide = (adj: number | null) => adj !== null && adj <= alpha && d.estimate > Math.max(0, by);
      return { claim, n: a.n, pValue: p, decide, comparisons: [c], equivalence: null, runs: [a, b] };
    }
    case 'tied': {
      const a = get(runs, claim.a);
      const b = get(runs, claim.b);
      const c = compare(a, b, options);
      const equivalence = equivalenceTest(a.correct, b.correct, {
        margin: claim.margin ?? options.margin ?? 0.02,
        alpha,
        ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.clusterByDatabase ? { clusters: a.dbIds } : {}),
      });
      const decide = (p: number | null) => equivalence.equivalent && p !== null && p <= alpha;
      return { claim, n: a.n, pValue: equivalence.pValue, decide, comparisons: [c], equivalence, runs: [a, b] };
    }
    case 'ladder': {
      if (claim.runs.length < 2) throw new Error('a ladder needs at least two runs');
      const rs = claim.runs.map((r) => get(runs, r));
      // Step k compares the upper rung with the lower one: "runs[k+1] beats runs[k]".
      const steps = rs.slice(1).map((upper, k) => compare(upper, rs[k]!, options));
      // Intersection–union: the ladder holds when every step does; its p-value is the largest.
      const p = Math.max(...steps.map((s) => s.pValue));
      const decide = (adj: number | null) => adj !== null && adj <= alpha && steps.every((s) => s.comparison.difference.estimate > 0);
      return { claim, n: rs[0]!.n, pValue: p, decide, comparisons: steps, equivalence: null, runs: rs };
    }
    case 'accuracy': {
      const run = get(runs, claim.run);
      const decide = () => Math.abs(run.accuracy - claim.expected) <= claim.tolerance;
      return { claim, n: run.n, pValue: null, decide, comparisons: [], equivalence: null, runs: [run] };
    }
  }
}

/** Whether n is too small to test the claimed effect (ClaimOptions.minPower). */
function refusal(raw: Raw, options: ClaimOptions, alpha: number): ClaimResult['refused'] {
  const claim = raw.claim;
  if (claim.kind !== 'better' || claim.effect === undefined || options.minPower === undefined) return null;
  const k = raw.comparisons[0]!.comparison;
  // The discordance must at least allow the effect (|δ| ≤ ψ).
  const discordance = Math.max(k.discordance, claim.effect);
  const power = mcnemarPower({ n: k.n, discordance, effect: claim.effect, alpha, sides: 1 }).power;
  if (power >= options.minPower) return null;
  let neededN: number | null = null;
  try {
    neededN = mcnemarSampleSize({ discordance, effect: claim.effect, alpha, sides: 1, power: options.minPower }).n;
  } catch {
    neededN = null;
  }
  return { power, minPower: options.minPower, effect: claim.effect, neededN };
}

function finish(raw: Raw, adjustedP: number | null, alpha: number, correction: 'holm' | 'bh' | 'none', options: ClaimOptions): ClaimResult {
  const p = raw.pValue === null ? null : adjustedP ?? raw.pValue;
  const refused = refusal(raw, options, alpha);
  const holds = refused === null && raw.decide(p);
  const pass = refused === null && (raw.claim.negate ? !holds : holds);
  const comparisons = raw.comparisons.map((c) => ({ ...c, holds: c.pValue <= alpha && c.comparison.difference.estimate > 0 }));
  const seed = options.seed ?? 42;
  const resamples = options.resamples ?? 10_000;
  const boots = raw.runs.map((r) => bootstrapAccuracy(r.correct, { seed, resamples }));
  const accuracies = raw.runs.map((r, i) => ({ run: r.name, accuracy: r.accuracy, ci: boots[i]!.ci }));
  const details: string[] = [];
  for (const a of accuracies) details.push(`${a.run}: ${pts(a.accuracy)}% [${pts(a.ci[0])}, ${pts(a.ci[1])}] (n=${raw.n})`);
  for (const c of comparisons) {
    const k = c.comparison;
    details.push(
      `${c.a} − ${c.b} = ${pts(k.difference.estimate, true)} pts, 95% paired CI [${pts(k.difference.ci[0], true)}, ${pts(k.difference.ci[1], true)}]; ` +
        `only ${c.a} right: ${k.counts.b10}, only ${c.b} right: ${k.counts.b01}; ` +
        `${k.decision.by} p(one-sided) = ${pFmt(c.pValue)}, two-sided ${pFmt(k.decision.pValue)}; ` +
        `CIs ${k.naive.overlap ? 'overlap' : 'do not overlap'} (naive rule, not deciding)` +
        (k.detectable.mde !== null ? `; detectable at n=${k.n}: ${pts(k.detectable.mde)} pts` : ''),
    );
  }
  if (raw.equivalence) {
    const e = raw.equivalence;
    details.push(`TOST: ${pts(e.difference, true)} pts, ${Math.round(100 * (1 - 2 * e.alpha))}% CI [${pts(e.ci[0], true)}, ${pts(e.ci[1], true)}] vs margin ±${pts(e.margin)}: ${e.equivalent ? 'inside' : 'not inside'}`);
  }
  if (raw.pValue !== null && correction !== 'none') details.push(`${correction === 'holm' ? 'Holm' : 'Benjamini–Hochberg'}-adjusted p = ${pFmt(p!)} (raw ${pFmt(raw.pValue)}), alpha = ${alpha}`);
  if (refused) {
    details.push(
      `REFUSED: power ${refused.power.toFixed(2)} < ${refused.minPower} to detect ${pts(refused.effect)} pts at n=${raw.n}` +
        (refused.neededN !== null ? `; about ${refused.neededN} examples would be needed` : ''),
    );
  }
  if (raw.claim.kind === 'accuracy') {
    details.push(`|${pts(raw.runs[0]!.accuracy)} − ${pts(raw.claim.expected)}| = ${pts(Math.abs(raw.runs[0]!.accuracy - raw.claim.expected))} pts (tolerance ${pts(raw.claim.tolerance)})`);
  }
  return {
    statement: describeClaim(raw.claim),
    claim: raw.claim,
    pass,
    holds,
    pValue: raw.pValue,
    adjustedP: raw.pValue === null ? null : p,
    alpha,
    correction,
    n: raw.n,
    accuracies,
    comparisons,
    equivalence: raw.equivalence,
    bootstrap: raw.claim.kind === 'accuracy' ? boots[0]! : null,
    refused,
    details,
    hint: refused
      ? `the sample is too small to test a ${pts(refused.effect)}-point effect${refused.neededN !== null ? `: use about ${refused.neededN} examples` : ''}`
      : hint(raw, holds, alpha),
    seed,
    resamples,
  };
}

/** What would have to change for the verdict to flip, in one sentence. */
function hint(raw: Raw, holds: boolean, alpha: number): string {
  const claim = raw.claim;
  if (claim.kind === 'accuracy') {
    return holds ? 'the accuracy is within tolerance' : `the accuracy would have to move ${pts(Math.abs(raw.runs[0]!.accuracy - claim.expected) - claim.tolerance)} pts toward ${pts(claim.expected)}%`;
  }
  if (claim.kind === 'tied') {
    const e = raw.equivalence!;
    const need = Math.max(Math.abs(e.ci[0]), Math.abs(e.ci[1]));
    if (!holds && e.equivalent) {
      return `the interval lies inside ±${pts(e.margin)} pts, but the TOST p-value does not survive the family's correction: a wider margin or fewer claims in the family`;
    }
    return holds
      ? `the difference's interval lies inside ±${pts(e.margin)} pts`
      : `the ${Math.round(100 * (1 - 2 * e.alpha))}% interval reaches ${pts(need)} pts: a margin of at least ${pts(need)} pts, or more examples to narrow the interval, would be needed`;
  }
  const weakest = [...raw.comparisons].sort((x, y) => y.pValue - x.pValue)[0]!;
  const k = weakest.comparison;
  if (holds) return `holds with margin: the weakest step (${weakest.a} vs ${weakest.b}) has one-sided p = ${pFmt(weakest.pValue)}`;
  if (k.difference.estimate <= 0) return `${weakest.b} is at least as accurate as ${weakest.a} here (${pts(k.difference.estimate, true)} pts): no sample size would confirm the claim`;
  let needed: number | null = null;
  try {
    needed = mcnemarSampleSize({ discordance: k.discordance, effect: k.difference.estimate, alpha, sides: 1 }).n;
  } catch {
    needed = null;
  }
  return `${weakest.a} leads ${weakest.b} by ${pts(k.difference.estimate)} pts, below what n=${k.n} can confirm` +
    (k.detectable.mde !== null ? ` (detectable ≈ ${pts(k.detectable.mde)} pts)` : '') +
    (needed !== null ? `; the same gap and agreement rate would need about ${needed} examples` : '');
}
