import type { ClaimResult } from './ClaimResult.ts';

/** The claim, its verdict and its numbers, as a failing test or the ladder log prints them. */
export function formatClaimResult(r: ClaimResult): string {
  const verdict = r.pass ? 'supported' : 'NOT supported';
  return [`${r.statement}: ${verdict} by the data`, ...r.details.map((d) => `  ${d}`), `  → ${r.hint}`, `  (seed ${r.seed}, ${r.resamples} resamples)`].join('\n');
}

/** Throws when the claim is not supported; the error message carries every number. */
export function assertClaim(r: ClaimResult): void {
  if (!r.pass) throw new ClaimError(r);
}

export class ClaimError extends Error {
  override readonly name = 'ClaimError';
  constructor(readonly result: ClaimResult) {
    super(formatClaimResult(result));
  }
}
