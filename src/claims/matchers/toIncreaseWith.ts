import type { ClaimOptions } from '../Claim.ts';
import { claimMatcherResult, requireRun, type ClaimMatcherResult } from './matcherResult.ts';

/** `expect([small, medium, large]).toIncreaseWith('size')`: every step significantly better. */
export function toIncreaseWith(this: { isNot: boolean }, received: unknown, along: string, options: ClaimOptions = {}): ClaimMatcherResult {
  if (!Array.isArray(received) || received.length < 2) throw new TypeError('toIncreaseWith() expects an array of at least two runs, lowest rung first');
  const runs = received.map((r, i) => requireRun(r, `run ${i}`));
  return claimMatcherResult({ kind: 'ladder', runs: runs.map((r) => r.name), along }, runs, options, this.isNot);
}
