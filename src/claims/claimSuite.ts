import { describe, expect, it } from 'vitest';
import type { Claim, ClaimOptions } from './Claim.ts';
import type { ClaimResult } from './ClaimResult.ts';
import { evaluateClaims, type RunLookup } from './evaluateClaims.ts';
import { assertClaim, claimStatement, formatClaimResult } from './formatClaimResult.ts';
import { claimRecord, type ClaimRecord } from './claimRecord.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** Set by claimSuite; collected by ClaimsJsonReporter into the ladder's results file. */
    claim?: ClaimRecord;
    /** Set by claimSuite: the claim and both analyses in prose, for the spec run to print. */
    claimText?: string;
  }
}

/**
 * Registers one vitest test per claim of a family (one `describe`): the claims are evaluated
 * together so the family's correction (Holm by default) applies to its confirmatory claims;
 * each test records both analyses (questions and databases) in the test's meta, as numbers
 * for the JSON reporter and as prose for the spec run to print (specs/support/claims.setup.ts),
 * and fails with them when the data do not support a gating claim.
 * An exploratory claim is reported the same way and cannot fail the suite on its verdict;
 * its test checks only that it was evaluated and not refused.
 */
export function claimSuite(title: string, claims: readonly Claim[], runs: RunLookup, options: ClaimOptions = {}): ClaimResult[] {
  const results = evaluateClaims(claims, runs, options);
  describe(title, () => {
    for (const result of results) {
      it(claimStatement(result), ({ task }) => {
        task.meta.claim = claimRecord(result, title);
        task.meta.claimText = formatClaimResult(result);
        if (result.gating) assertClaim(result);
        else expect(result.refused, formatClaimResult(result)).toBeNull();
      });
    }
  });
  return results;
}
