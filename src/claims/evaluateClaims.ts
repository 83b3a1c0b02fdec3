import type { EvaluatedRun } from '../evaluate/EvaluatedRun.ts';
import {
  benjaminiHochberg,
  bootstrapAccuracy,
  clusterBootstrapAccuracy,
  DEFAULTS,
  equivalenceTest,
  holm,
  mcnemarMde,
  mcnemarPower,
  mcnemarSampleSize,
  normalCdf,
  pairedComparison,
  type EquivalenceResult,
  type PairedComparison,
} from '../stats/index.ts';
import type { Claim, ClaimOptions, Target } from './Claim.ts';
import type { ClaimResult, ClaimRole, LevelAnalysis, LevelVerdict, NamedComparison, Refusal, RunSummary } from './ClaimResult.ts';

export type RunLookup = ReadonlyMap<string, EvaluatedRun>;

const TARGETS: readonly Target[] = ['questions', 'databases'];

/** The family's settings with every default filled in (from src/stats/defaults.ts). */
interface Settings {
  readonly alpha: number;
  readonly correction: 'holm' | 'bh' | 'none';
  readonly resamples: number;
  readonly seed: number;
  readonly margin: number;
  readonly minPower: number | undefined;
}

/** A level analysis before the family's correction. */
type RawLevel = Omit<LevelAnalysis, 'adjustedP' | 'holds' | 'detectable'>;

interface RawComparison {
  readonly a: string;
  readonly b: string;
  readonly n: number;
  readonly counts: NamedComparison['counts'];
  readonly discordance: number;
  readonly levels: Readonly<Record<Target, RawLevel>>;
}

/** A claim with its statistics computed, before the family's correction. */
interface Prepared {
  readonly claim: Claim;
  readonly role: ClaimRole;
  readonly target: Target | null;
  readonly sides: 1 | 2;
  readonly refused: Refusal | null;
  readonly runs: EvaluatedRun[];
  readonly comparisons: RawComparison[];
  readonly equivalence: Readonly<Record<Target, EquivalenceResult>> | null;
  /** The claim's raw p at each target (null: no test). */
  readonly p: Readonly<Record<Target, number>> | null;
  /** `tied`: the smallest gain the family claims as significant, which its margin must stay below. */
  readonly meaningful?: ClaimResult['meaningful'];
}

/**
 * Evaluates the claims of one family (one spec file's `claimSuite`) on evaluated runs. Each
 * comparison is analysed at both inference targets (questions: exact McNemar and the paired
 * bootstrap; databases: the exact sign-flip test over databases, or clustered McNemar when
 * they are many, and the cluster bootstrap); the declared target decides. The family's
 * correction (Holm by default) runs over its confirmatory claims only: negated claims are
 * judged on their own unadjusted p-value and exploratory ones are reported, not gating, so
 * adding claims to a family never makes any claim easier to pass. Pure: same runs and
 * options, same results.
 */
export function evaluateClaims(claims: readonly Claim[], runs: RunLookup, options: ClaimOptions = {}): ClaimResult[] {
  const s: Settings = {
    alpha: options.alpha ?? DEFAULTS.alpha,
    correction: options.correction ?? DEFAULTS.correction,
    resamples: options.resamples ?? DEFAULTS.resamples,
    seed: options.seed ?? DEFAULTS.seed,
    margin: options.margin ?? DEFAULTS.tieMargin,
    minPower: options.minPower,
  };
  const pairs = new Map<string, RawComparison>();
  let prepared = claims.map((c) => prepare(c, runs, options, s, pairs));
  prepared = prepared.map((p) => withMarginCheck(p, prepared));

  // The family: confirmatory claims that were tested, at their declared target.
  const family = prepared.flatMap((p, i) => (p.role === 'confirmatory' && p.refused === null && p.p !== null && p.target !== null ? [i] : []));
  const familyPs = family.map((i) => prepared[i]!.p![prepared[i]!.target!]);
  const correct = (ps: readonly number[]) => (s.correction === 'holm' ? holm(ps, { alpha: s.alpha }) : benjaminiHochberg(ps, { alpha: s.alpha }));
  const levels = s.correction === 'none' || family.length === 0 ? null : correct(familyPs).levels;
  return prepared.map((p, i) => {
    const j = family.indexOf(i);
    // The one adjustment: this claim's p-value replaced by `x` in the family's correction.
    const adjust = (x: number): number => {
      if (j < 0 || s.correction === 'none') return x;
      const ps = familyPs.slice();
      ps[j] = x;
      return correct(ps).adjusted[j]!;
    };
    const level = j >= 0 && levels !== null ? levels[j]! : s.alpha;
    return finish(p, adjust, level, j >= 0 && s.correction !== 'none' ? family.length : 0, s);
  });
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

function roleOf(claim: Claim): ClaimRole {
  if (claim.exploratory) return 'exploratory';
  return claim.negate ? 'negated' : 'confirmatory';
}

function prepare(claim: Claim, runs: RunLookup, options: ClaimOptions, s: Settings, pairs: Map<string, RawComparison>): Prepared {
  const role = roleOf(claim);
  if (claim.kind === 'accuracy') {
    return { claim, role, target: null, sides: 2, refused: null, runs: [get(runs, claim.run)], comparisons: [], equivalence: null, p: null };
  }
  if (claim.kind === 'identical') {
    const rs = [get(runs, claim.a), get(runs, claim.b)];
    paired(rs[0]!, rs[1]!);
    return { claim: { ...claim, maxDiffering: claim.maxDiffering ?? 0 }, role, target: null, sides: 2, refused: null, runs: rs, comparisons: [], equivalence: null, p: null };
  }
  const target = claim.target ?? options.target ?? null;
  const sides = claim.sides ?? 2;
  const refused: Refusal | null =
    target === null ? { kind: 'no-target' } : sides === 1 && !(claim.source && claim.source.trim()) ? { kind: 'one-sided-without-source' } : null;
  const compare = (a: EvaluatedRun, b: EvaluatedRun, by: number): RawComparison => comparison(a, b, by, sides, s, pairs);
  switch (claim.kind) {
    case 'better': {
      const rs = [get(runs, claim.a), get(runs, claim.b)];
      const c = compare(rs[0]!, rs[1]!, claim.by ?? 0);
      const resolved: Claim = { ...claim, sides, ...(target ? { target } : {}) };
      return { claim: resolved, role, target, sides, refused, runs: rs, comparisons: [c], equivalence: null, p: pOf(TARGETS.map((t) => c.levels[t].p)) };
    }
    case 'ladder': {
      if (claim.runs.length < 2) throw new Error('a ladder needs at least two runs');
      const rs = claim.runs.map((r) => get(runs, r));
      // Step k compares the upper rung with the lower one: "runs[k+1] beats runs[k]".
      const steps = rs.slice(1).map((upper, k) => compare(upper, rs[k]!, 0));
      // Intersection–union: the ladder holds when every step does; its p-value is the largest.
      const p = pOf(TARGETS.map((t) => Math.max(...steps.map((c) => c.levels[t].p))));
      return { claim: { ...claim, sides, ...(target ? { target } : {}) }, role, target, sides, refused, runs: rs, comparisons: steps, equivalence: null, p };
    }
    case 'tied': {
      const rs = [get(runs, claim.a), get(runs, claim.b)];
      const c = compare(rs[0]!, rs[1]!, 0);
      const margin = claim.margin ?? s.margin;
      const eq = (clusters: readonly string[] | undefined) =>
        equivalenceTest(rs[0]!.correct, rs[1]!.correct, { margin, alpha: s.alpha, resamples: s.resamples, seed: s.seed, ...(clusters ? { clusters } : {}) });
      const equivalence = { questions: eq(undefined), databases: eq(rs[0]!.dbIds) };
      const resolved: Claim = { ...claim, margin, sides: 2, ...(target ? { target } : {}) };
      // Equivalence is two one-sided tests by construction: `sides` does not apply.
      const refusedTied = refused?.kind === 'one-sided-without-source' ? null : refused;
      return { claim: resolved, role, target, sides: 2, refused: refusedTied, runs: rs, comparisons: [c], equivalence, p: pOf([equivalence.questions.pValue, equivalence.databases.pValue]) };
    }
  }
}

function pOf([questions, databases]: number[]): Record<Target, number> {
  return { questions: questions!, databases: databases! };
}

function paired(a: EvaluatedRun, b: EvaluatedRun): void {
  if (a.n !== b.n || a.indices.some((x, i) => x !== b.indices[i])) {
    throw new Error(`runs '${a.name}' and '${b.name}' are not scored on the same examples; a paired comparison needs both`);
  }
}

/** Both analyses of a − b (bootstrapped once per pair, scheme and seed), with the claim's sides and margin. */
function comparison(a: EvaluatedRun, b: EvaluatedRun, by: number, sides: 1 | 2, s: Settings, pairs: Map<string, RawComparison>): RawComparison {
  paired(a, b);
  const key = JSON.stringify([a.name, b.name, by, sides]);
  const cached = pairs.get(key);
  if (cached) return cached;
  const base = { alpha: s.alpha, resamples: s.resamples, seed: s.seed };
  const q = pairedComparison(a.correct, b.correct, base);
  const d = pairedComparison(a.correct, b.correct, { ...base, clusters: a.dbIds });
  const level = (target: Target, k: PairedComparison): RawLevel => {
    const diff = k.difference;
    const pMargin = by > 0 ? marginP(diff.estimate, diff.se, by, sides) : null;
    const pTest = sides === 2 ? k.decision.pValue : k.decision.pOneSided.aBetter;
    return {
      target,
      test: k.decision.by,
      difference: diff,
      pTwoSided: k.decision.pValue,
      pOneSided: k.decision.pOneSided.aBetter,
      pMargin,
      p: Math.max(pTest, pMargin ?? 0),
      clusteredMcnemarP: k.design === 'clustered' ? k.clusteredMcnemar.pValue : null,
      clusters: k.design === 'clustered' ? k.clusters : null,
      designEffect: k.design === 'clustered' ? k.clusteredMcnemar.designEffect : 1,
    };
  };
  const result: RawComparison = {
    a: a.name,
    b: b.name,
    n: q.n,
    counts: q.counts,
    discordance: q.discordance,
    levels: { questions: level('questions', q), databases: level('databases', d) },
  };
  pairs.set(key, result);
  return result;
}

/** p-value of "a − b > by" from the bootstrap SE; Φ(−z), never 1 − Φ(z) (which underflows to 0 past z ≈ 8.3). */
export function marginP(estimate: number, se: number, by: number, sides: 1 | 2): number {
  if (!(se > 0)) return estimate > by ? 0 : 1;
  const one = normalCdf(-(estimate - by) / se);
  return sides === 2 ? Math.min(1, 2 * one) : one;
}

/** A `tied` claim must use a margin below the smallest gain its family claims as significant. */
function withMarginCheck(p: Prepared, all: readonly Prepared[]): Prepared {
  if (p.claim.kind !== 'tied' || p.role !== 'confirmatory' || p.refused !== null) return p;
  let smallest: { effect: number; a: string; b: string } | null = null;
  for (const o of all) {
    if (o.role !== 'confirmatory' || (o.claim.kind !== 'better' && o.claim.kind !== 'ladder')) continue;
    for (const c of o.comparisons) {
      const e = c.levels.questions.difference.estimate;
      if (e > 0 && (smallest === null || e < smallest.effect)) smallest = { effect: e, a: c.a, b: c.b };
    }
  }
  const margin = p.claim.margin!;
  if (smallest === null || margin < smallest.effect) return { ...p, meaningful: smallest };
  return { ...p, meaningful: smallest, refused: { kind: 'margin-not-below-meaningful', margin, meaningful: smallest.effect, a: smallest.a, b: smallest.b } };
}

function finish(p: Prepared, adjust: (x: number) => number, level: number, familySize: number, s: Settings): ClaimResult {
  const claim = p.claim;
  const by = claim.kind === 'better' ? (claim.by ?? 0) : 0;
  // The one rule: a step holds at a target when its adjusted p is at most alpha and the
  // estimate lies in the claimed direction (beyond `by`).
  const stepHolds = (l: RawLevel, adjustedP: number) => adjustedP <= s.alpha && l.difference.estimate > Math.max(0, by);
  const comparisons: NamedComparison[] = p.comparisons.map((c) => {
    const full = (t: Target): LevelAnalysis => {
      const l = c.levels[t];
      const det = detectable(c, l, level, p.sides);
      if (claim.kind === 'tied') {
        // A tie is decided by its equivalence test: the comparison carries that verdict.
        const adjustedP = adjust(p.p![t]);
        return { ...l, adjustedP, holds: p.equivalence![t].equivalent && adjustedP <= s.alpha, detectable: det };
      }
      const adjustedP = adjust(l.p);
      return { ...l, adjustedP, holds: stepHolds(l, adjustedP), detectable: det };
    };
    const questions = full('questions');
    const databases = full('databases');
    return { a: c.a, b: c.b, n: c.n, counts: c.counts, discordance: c.discordance, questions, databases, holds: (p.target === 'databases' ? databases : questions).holds };
  });
  const verdict = (t: Target): LevelVerdict => {
    const raw = p.p![t];
    return { p: raw, adjustedP: adjust(raw), holds: comparisons.every((c) => c[t].holds) };
  };
  const levels = p.p === null ? null : { questions: verdict('questions'), databases: verdict('databases') };
  const runs = p.runs.map(runSummary(s));
  let differing: ClaimResult['differing'] = null;
  let holds: boolean;
  if (claim.kind === 'accuracy') holds = Math.abs(runs[0]!.accuracy - claim.expected) <= claim.tolerance;
  else if (claim.kind === 'identical') {
    const [a, b] = p.runs as [EvaluatedRun, EvaluatedRun];
    const indices: number[] = [];
    let count = 0;
    for (let i = 0; i < a.n; i++) {
      if (a.correct[i] !== b.correct[i]) {
        count++;
        if (indices.length < 10) indices.push(a.indices[i]!);
      }
    }
    differing = { count, allowed: claim.maxDiffering ?? 0, indices };
    holds = count <= differing.allowed;
  } else holds = levels !== null && p.target !== null && levels[p.target].holds;
  const refused = p.refused ?? underpowered(p, level, s);
  if (refused) holds = false;
  const pass = refused === null && (claim.negate ? !holds : holds);
  const declared = p.target !== null && levels !== null ? levels[p.target] : null;
  return {
    claim,
    role: p.role,
    gating: p.role !== 'exploratory',
    pass,
    holds,
    target: p.target,
    sides: p.sides,
    source: 'source' in claim && claim.source ? claim.source : null,
    pValue: declared ? declared.p : null,
    adjustedP: declared ? declared.adjustedP : null,
    levels,
    alpha: s.alpha,
    level,
    correction: s.correction,
    familySize,
    n: p.runs[0]!.n,
    runs,
    comparisons,
    equivalence: p.equivalence,
    differing,
    meaningful: p.meaningful ?? null,
    refused,
    needed: !holds && refused === null && p.role === 'confirmatory' ? needed(p, comparisons, level) : null,
    seed: s.seed,
    resamples: s.resamples,
  };
}

/** MDE of the test actually run: the claim's sides, its level in the family, clustered for databases. */
function detectable(c: RawComparison, l: RawLevel, level: number, sides: 1 | 2): number | null {
  if (c.discordance === 0) return null;
  return mcnemarMde({ n: c.n, discordance: c.discordance, alpha: level, sides, designEffect: l.designEffect, power: DEFAULTS.power }).mde;
}

/** Examples (and databases) the weakest step's gap and agreement would need at the claim's level. */
function needed(p: Prepared, comparisons: readonly NamedComparison[], level: number): ClaimResult['needed'] {
  if (p.target === null || comparisons.length === 0 || p.claim.kind === 'tied') return null;
  const t = p.target;
  const weakest = [...comparisons].sort((x, y) => y[t].p - x[t].p)[0]!;
  const effect = weakest[t].difference.estimate;
  if (!(effect > 0) || effect > weakest.discordance) return { examples: null, databases: null };
  const examples = mcnemarSampleSize({ discordance: weakest.discordance, effect, alpha: level, sides: p.sides, designEffect: weakest[t].designEffect }).n;
  const clusters = weakest[t].clusters;
  return { examples, databases: examples !== null && clusters !== null ? Math.ceil((examples * clusters) / weakest.n) : null };
}

/** Refusal when n is too small to test the claimed effect with the test actually run (ClaimOptions.minPower). */
function underpowered(p: Prepared, level: number, s: Settings): Refusal | null {
  const claim = p.claim;
  if (claim.kind !== 'better' || claim.effect === undefined || s.minPower === undefined || p.target === null) return null;
  const c = p.comparisons[0]!;
  const deff = c.levels[p.target].designEffect;
  // The discordance must at least allow the effect (|δ| ≤ ψ).
  const discordance = Math.max(c.discordance, claim.effect);
  const design = { discordance, effect: claim.effect, alpha: level, sides: p.sides, designEffect: deff };
  const power = mcnemarPower({ n: c.n, ...design }).power;
  if (power >= s.minPower) return null;
  const neededN = mcnemarSampleSize({ ...design, power: s.minPower }).n;
  return { kind: 'underpowered', power, minPower: s.minPower, effect: claim.effect, neededN };
}

/** Each run's accuracy and intervals, bootstrapped once per run, seed and resample count. */
const runCache = new WeakMap<EvaluatedRun, Map<string, RunSummary>>();

function runSummary(s: Settings): (run: EvaluatedRun) => RunSummary {
  return (run) => {
    let byKey = runCache.get(run);
    if (!byKey) runCache.set(run, (byKey = new Map()));
    const key = `${s.seed}/${s.resamples}`;
    const hit = byKey.get(key);
    if (hit) return hit;
    const opts = { seed: s.seed, resamples: s.resamples };
    const q = bootstrapAccuracy(run.correct, opts);
    const d = clusterBootstrapAccuracy(run.correct, run.dbIds, opts);
    const summary: RunSummary = {
      run: run.name,
      label: run.label,
      n: run.n,
      clusters: d.clusters,
      accuracy: run.accuracy,
      ci: { questions: q.ci, databases: d.ci },
      source: run.source,
    };
    byKey.set(key, summary);
    return summary;
  };
}
