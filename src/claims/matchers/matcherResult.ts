import type { EvaluatedRun } from '../../evaluate/EvaluatedRun.ts';
import type { Claim, ClaimOptions } from '../Claim.ts';
import type { ClaimResult } from '../ClaimResult.ts';
import { evaluateClaim } from '../evaluateClaims.ts';
import { describeClaim } from '../Claim.ts';
import { ClaimError, formatClaimResult } from '../formatClaimResult.ts';

/** What a vitest matcher returns: pass, a lazily built message, and the numbers. */
export interface ClaimMatcherResult {
  pass: boolean;
  message: () => string;
  actual: unknown;
  expected: unknown;
}

/** Evaluates `claim` on the given runs and shapes the result the way `expect.extend` wants. */
export function claimMatcherResult(claim: Claim, runs: readonly EvaluatedRun[], options: ClaimOptions, isNot: boolean): ClaimMatcherResult & { result: ClaimResult } {
  const result = evaluateClaim(claim, new Map(runs.map((r) => [r.name, r])), options);
  // A refused claim (no target, one-sided without source, too small a sample) is neither true
  // nor false: neither the matcher nor its .not may pass.
  if (result.refused !== null) throw new ClaimError(result);
  return {
    pass: result.holds,
    result,
    message: () => (isNot ? `expected the opposite, but: ` : '') + formatClaimResult(result),
    actual: result.runs.map((a) => `${a.run}: ${a.accuracy.toFixed(4)}`),
    expected: describeClaim(result.claim),
  };
}

export function isEvaluatedRun(x: unknown): x is EvaluatedRun {
  return typeof x === 'object' && x !== null && 'correct' in x && (x as EvaluatedRun).correct instanceof Uint8Array;
}

export function requireRun(x: unknown, what: string): EvaluatedRun {
  if (!isEvaluatedRun(x)) throw new TypeError(`${what} must be an EvaluatedRun (from loadRuns / evaluateRunsCached)`);
  return x;
}
