import type { ClaimOptions } from '../Claim.ts';
import { claimMatcherResult, requireRun, type ClaimMatcherResult } from './matcherResult.ts';

export interface BetterThanOptions extends ClaimOptions {
  /** Minimum gain (accuracy fraction): the claim also tests a − b > by (normal, bootstrap SE) and keeps the larger p. Default 0. */
  by?: number;
}

/** `expect(a).toBeSignificantlyBetterThan(b, { target, by })`: paired two-sided test at the target (refused without one). */
export function toBeSignificantlyBetterThan(this: { isNot: boolean }, received: unknown, other: unknown, options: BetterThanOptions = {}): ClaimMatcherResult {
  const a = requireRun(received, 'expect() value');
  const b = requireRun(other, 'toBeSignificantlyBetterThan() argument');
  return claimMatcherResult({ kind: 'better', a: a.name, b: b.name, ...(options.by !== undefined ? { by: options.by } : {}) }, [a, b], options, this.isNot);
}
