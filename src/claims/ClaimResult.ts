import type { AccuracyBootstrap, EquivalenceResult, PairedComparison } from '../stats/index.ts';
import type { Claim } from './Claim.ts';

/** A comparison of two runs inside a claim, with the run names attached. */
export interface NamedComparison {
  readonly a: string;
  readonly b: string;
  readonly comparison: PairedComparison;
  /** One-sided p-value that a beats b, from the deciding paired test. */
  readonly pValue: number;
  readonly holds: boolean;
}

/** The numbers behind a claim and its verdict. `evaluateClaims` fills them; matchers print them. */
export interface ClaimResult {
  readonly statement: string;
  readonly claim: Claim;
  /** Whether the claim (as stated, negation included) is supported by the data. */
  readonly pass: boolean;
  /** Whether the underlying finding holds (before negation). */
  readonly holds: boolean;
  /** The deciding p-value before and after the family's correction (null for `accuracy`). */
  readonly pValue: number | null;
  readonly adjustedP: number | null;
  readonly alpha: number;
  readonly correction: 'holm' | 'bh' | 'none';
  readonly n: number;
  readonly accuracies: readonly { readonly run: string; readonly accuracy: number; readonly ci: readonly [number, number] }[];
  readonly comparisons: readonly NamedComparison[];
  readonly equivalence: EquivalenceResult | null;
  readonly bootstrap: AccuracyBootstrap | null;
  /** Set when the claim was refused because n is too small to test it (see ClaimOptions.minPower). */
  readonly refused: { readonly power: number; readonly minPower: number; readonly effect: number; readonly neededN: number | null } | null;
  /** The numbers, one per line, for a failing test's message and the log. */
  readonly details: readonly string[];
  /** What would have to change for the verdict to flip. */
  readonly hint: string;
  readonly seed: number;
  readonly resamples: number;
}
