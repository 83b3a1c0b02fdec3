import { binomialLower, binomialPmf, binomialUpper } from './binomial.ts';

/** The exact conditional McNemar p-values (unchecked inputs; see mcnemarExact). */
export interface McnemarPValues {
  readonly twoSided: number;
  readonly aBetter: number;
  readonly bBetter: number;
  readonly midPTwoSided: number;
}

/**
 * Given b10 + b01 discordant pairs, b10 ~ Binomial(b10 + b01, 1/2) under H0. Two-sided p is
 * twice the smaller tail, capped at 1 (the usual "doubling" rule, as in R's binom.test for
 * p = 1/2, where it equals the sum of the outcomes no more likely than the one seen).
 * The one place where the test is defined: mcnemarExact and the exact power both call it.
 */
export function mcnemarPValues(b10: number, b01: number): McnemarPValues {
  const d = b10 + b01;
  const upper = binomialUpper(b10, d, 0.5); // P(X ≥ b10): evidence that a is better
  const lower = binomialLower(b10, d, 0.5); // P(X ≤ b10): evidence that b is better
  const smaller = Math.min(lower, upper);
  return {
    twoSided: Math.min(1, 2 * smaller),
    aBetter: upper,
    bBetter: lower,
    midPTwoSided: Math.min(1, 2 * (smaller - 0.5 * binomialPmf(b10, d, 0.5))),
  };
}
