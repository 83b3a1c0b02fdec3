// Setup file: `setupFiles: ['t2sql/claims/vitest']` (here: specs/support/claims.setup.ts).
import { expect } from 'vitest';
import type { ClaimOptions } from './Claim.ts';
import { claimMatchers, type BetterThanOptions } from './matchers/index.ts';

expect.extend(claimMatchers);

interface ClaimMatchers<R = unknown> {
  /** Paired, two-sided, at the declared `target`: the received run is significantly more accurate than `other` (by more than `by`). */
  toBeSignificantlyBetterThan(other: unknown, options?: BetterThanOptions): R;
  /** Paired TOST at the declared `target`: the two runs' accuracies are equivalent within ±margin (default 2 points). */
  toBeTiedWith(other: unknown, options?: ClaimOptions): R;
  /** Every step of the ladder (lowest rung first) is significantly better than the one below, at the declared `target`. */
  toIncreaseWith(along: string, options?: ClaimOptions): R;
  /** |accuracy − expected| ≤ tolerance. */
  toHaveAccuracyWithin(expected: number, tolerance: number): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends ClaimMatchers<T> {}
}
