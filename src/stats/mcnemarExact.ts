import { mcnemarPValues } from './_internals/mcnemarPValues.ts';
import { assertCount } from './_internals/validate.ts';

/** The exact (conditional, binomial) McNemar test on the discordant pairs of two systems. */
export interface McnemarExactResult {
  readonly test: 'mcnemar-exact';
  /** Pairs where a is correct and b is wrong. */
  readonly b10: number;
  /** Pairs where a is wrong and b is correct. */
  readonly b01: number;
  /** b10 + b01, the pairs that carry information. */
  readonly discordant: number;
  /** Two-sided p-value, H1: the accuracies differ. */
  readonly pValue: number;
  /** One-sided p-values: H1 a better (P(X ≥ b10)), H1 b better (P(X ≤ b10)). */
  readonly pOneSided: { readonly aBetter: number; readonly bBetter: number };
  /**
   * Two-sided mid-p (Lancaster): less conservative, recommended by Fagerland et al. (2013);
   * reported, not used to decide.
   */
  readonly midPValue: number;
}

/**
 * Exact McNemar test from the discordant counts: under H0 (equal accuracy), b10 is
 * Binomial(b10 + b01, 1/2). With no discordant pairs every p-value is 1.
 */
export function mcnemarExact(b10: number, b01: number): McnemarExactResult {
  assertCount('mcnemarExact', 'b10', b10);
  assertCount('mcnemarExact', 'b01', b01);
  const p = mcnemarPValues(b10, b01);
  return {
    test: 'mcnemar-exact',
    b10,
    b01,
    discordant: b10 + b01,
    pValue: p.twoSided,
    pOneSided: { aBetter: p.aBetter, bBetter: p.bBetter },
    midPValue: p.midPTwoSided,
  };
}
