import type { ClaimResult } from './ClaimResult.ts';

/** The JSON-safe part of a ClaimResult, as written to the ladder's results file. */
export interface ClaimRecord {
  readonly family: string;
  readonly statement: string;
  readonly kind: string;
  readonly negate: boolean;
  readonly pass: boolean;
  readonly holds: boolean;
  readonly n: number;
  readonly pValue: number | null;
  readonly adjustedP: number | null;
  readonly alpha: number;
  readonly correction: string;
  readonly accuracies: readonly { run: string; accuracy: number; ci: readonly [number, number] }[];
  readonly comparisons: readonly {
    a: string;
    b: string;
    difference: number;
    ci: readonly [number, number];
    onlyA: number;
    onlyB: number;
    pOneSided: number;
    pTwoSided: number;
    test: string;
    cisOverlap: boolean;
    detectable: number | null;
  }[];
  readonly equivalence: { margin: number; ci: readonly [number, number]; equivalent: boolean } | null;
  readonly refused: ClaimResult['refused'];
  readonly details: readonly string[];
  readonly hint: string;
  readonly seed: number;
  readonly resamples: number;
}

export function claimRecord(r: ClaimResult, family: string): ClaimRecord {
  return {
    family,
    statement: r.statement,
    kind: r.claim.kind,
    negate: Boolean(r.claim.negate),
    pass: r.pass,
    holds: r.holds,
    n: r.n,
    pValue: r.pValue,
    adjustedP: r.adjustedP,
    alpha: r.alpha,
    correction: r.correction,
    accuracies: r.accuracies.map((a) => ({ run: a.run, accuracy: a.accuracy, ci: a.ci })),
    comparisons: r.comparisons.map((c) => ({
      a: c.a,
      b: c.b,
      difference: c.comparison.difference.estimate,
      ci: c.comparison.difference.ci,
      onlyA: c.comparison.counts.b10,
      onlyB: c.comparison.counts.b01,
      pOneSided: c.pValue,
      pTwoSided: c.comparison.decision.pValue,
      test: c.comparison.decision.by,
      cisOverlap: c.comparison.naive.overlap,
      detectable: c.comparison.detectable.mde,
    })),
    equivalence: r.equivalence ? { margin: r.equivalence.margin, ci: r.equivalence.ci, equivalent: r.equivalence.equivalent } : null,
    refused: r.refused,
    details: r.details,
    hint: r.hint,
    seed: r.seed,
    resamples: r.resamples,
  };
}
