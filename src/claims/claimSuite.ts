import { describe, it } from 'vitest';
import type { Claim, ClaimOptions } from './Claim.ts';
import type { ClaimResult } from './ClaimResult.ts';
import { evaluateClaims, type RunLookup } from './evaluateClaims.ts';
import { assertClaim, formatClaimResult } from './formatClaimResult.ts';
import { claimRecord, type ClaimRecord } from './claimRecord.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** Set by claimSuite; collected by ClaimsJsonReporter into the ladder's results file. */
    claim?: ClaimRecord;
  }
}

/**
 * Registers one vitest test per claim of a family (one `describe`): the claims are evaluated
 * together so the family's correction (Holm by default) applies; each test prints its numbers,
 * records them in the test's meta for the JSON reporter, and fails with them when the data do
 * not support the claim.
 */
export function claimSuite(title: string, claims: readonly Claim[], runs: RunLookup, options: ClaimOptions = {}): ClaimResult[] {
  const results = evaluateClaims(claims, runs, options);
  describe(title, () => {
    for (const result of results) {
      it(result.statement, ({ task }) => {
        task.meta.claim = claimRecord(result, title);
        console.log(formatClaimResult(result));
        assertClaim(result);
      });
    }
  });
  return results;
}
