import type { EvaluatedRun } from '../evaluate/EvaluatedRun.ts';
import type { EquivalenceResult, Interval, PairedCounts } from '../stats/index.ts';
import type { Claim, Target } from './Claim.ts';

/** One inference target's analysis of a paired comparison (numbers only). */
export interface LevelAnalysis {
  readonly target: Target;
  /** The test that decides at this target. */
  readonly test: 'mcnemar-exact' | 'mcnemar-clustered' | 'sign-flip-exact';
  /** accuracy(a) − accuracy(b), with the paired (questions) or cluster (databases) bootstrap interval and SE. */
  readonly difference: { readonly estimate: number; readonly ci: Interval; readonly se: number };
  readonly pTwoSided: number;
  /** H1: a is more accurate than b. */
  readonly pOneSided: number;
  /** With `by`: the p-value of a − b > by (normal, bootstrap SE, the claim's sides); else null. */
  readonly pMargin: number | null;
  /** The claim's p-value at this target: the test's (by the claim's sides), or pMargin if larger. */
  readonly p: number;
  /**
   * The same p after the family's correction (the raw p for negated and exploratory claims).
   * In a `tied` claim, adjustedP and holds are those of its equivalence test (TOST).
   */
  readonly adjustedP: number;
  /** Whether this step holds at this target, by the one rule of `evaluateClaims`. */
  readonly holds: boolean;
  /** Clustered McNemar's two-sided p, reported beside the sign-flip test (databases only). */
  readonly clusteredMcnemarP: number | null;
  readonly clusters: number | null;
  /** Variance inflation of the clustered test over independent pairs (1 for questions). */
  readonly designEffect: number;
  /**
   * Smallest gap the test actually run (the claim's sides, its level after the family's
   * correction, clustered for databases) detects with 80% power; null when none can be.
   */
  readonly detectable: number | null;
}

/** A comparison of two runs inside a claim: both analyses, the declared one deciding. */
export interface NamedComparison {
  readonly a: string;
  readonly b: string;
  readonly n: number;
  readonly counts: PairedCounts;
  /** (b10 + b01) / n. */
  readonly discordance: number;
  readonly questions: LevelAnalysis;
  readonly databases: LevelAnalysis;
  /** The declared target's `holds`. */
  readonly holds: boolean;
}

/** One run's accuracy with both intervals (each run bootstrapped once per scheme). */
export interface RunSummary {
  readonly run: string;
  readonly label: string;
  readonly n: number;
  readonly clusters: number;
  readonly accuracy: number;
  /** Percentile bootstrap over questions (the interval `t2sql compare` prints) and over databases. */
  readonly ci: { readonly questions: Interval; readonly databases: Interval };
  /** Provenance of the verdicts (prediction and gold hashes, evaluator). */
  readonly source: EvaluatedRun['source'];
}

/** Why a claim was not tested at all. */
export type Refusal =
  | { readonly kind: 'no-target' }
  | { readonly kind: 'one-sided-without-source' }
  | { readonly kind: 'underpowered'; readonly power: number; readonly minPower: number; readonly effect: number; readonly neededN: number | null }
  | {
      readonly kind: 'margin-not-below-meaningful';
      readonly margin: number;
      /** The smallest gain the family claims as significant, and which claim it is. */
      readonly meaningful: number;
      readonly a: string;
      readonly b: string;
    };

/** How a claim counts. */
export type ClaimRole =
  /** A positive finding: gating, inside the family's correction. */
  | 'confirmatory'
  /** "Not shown": gating, judged on its own unadjusted p-value; an absence of evidence. */
  | 'negated'
  /** Picked after looking at the data: reported, not gating, outside the correction. */
  | 'exploratory';

/** The numbers behind a claim and its verdict: `evaluateClaims` fills them, the formatter writes the prose. */
export interface ClaimResult {
  /** The claim with its defaults resolved (target, sides, margin). */
  readonly claim: Claim;
  readonly role: ClaimRole;
  /** Whether the verdict can fail the suite (false for exploratory claims). */
  readonly gating: boolean;
  /** Whether the claim (as stated, negation included) is supported by the data. */
  readonly pass: boolean;
  /** Whether the underlying finding holds at the declared target (before negation). */
  readonly holds: boolean;
  readonly target: Target | null;
  readonly sides: 1 | 2;
  readonly source: string | null;
  /** The declared target's p-value before and after the family's correction (null: no test). */
  readonly pValue: number | null;
  readonly adjustedP: number | null;
  /** Both targets, each with its own p, adjusted p and verdict, for the report (null: no test). */
  readonly levels: { readonly questions: LevelVerdict; readonly databases: LevelVerdict } | null;
  readonly alpha: number;
  /** The level this claim's raw p is compared with at its rank in the family (alpha without correction). */
  readonly level: number;
  readonly correction: 'holm' | 'bh' | 'none';
  /** Number of claims in the family's correction. */
  readonly familySize: number;
  readonly n: number;
  readonly runs: readonly RunSummary[];
  readonly comparisons: readonly NamedComparison[];
  readonly equivalence: { readonly questions: EquivalenceResult; readonly databases: EquivalenceResult } | null;
  /** `identical`: verdicts that differ, and the first few example indices where they do. */
  readonly differing: { readonly count: number; readonly allowed: number; readonly indices: readonly number[] } | null;
  /**
   * `tied`: the smallest gain the same family claims as significant (its margin must lie below
   * it, or the claim is refused); null when the family claims no gain or for other kinds.
   */
  readonly meaningful: { readonly effect: number; readonly a: string; readonly b: string } | null;
  readonly refused: Refusal | null;
  /** For a failing positive claim: examples the same gap and agreement would need (null: none would). */
  readonly needed: { readonly examples: number | null; readonly databases: number | null } | null;
  readonly seed: number;
  readonly resamples: number;
}

/** A claim's verdict at one target, as if that target had been declared. */
export interface LevelVerdict {
  readonly p: number;
  readonly adjustedP: number;
  readonly holds: boolean;
}
