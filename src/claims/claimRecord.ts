import { describeClaim } from './Claim.ts';
import type { ClaimResult, LevelAnalysis } from './ClaimResult.ts';

/** One target's analysis of one comparison, JSON-safe. */
export type LevelRecord = Omit<LevelAnalysis, 'difference'> & { difference: number; ci: readonly [number, number]; se: number };

/** The JSON-safe part of a ClaimResult, as written to the ladder's results file (both analyses). */
export interface ClaimRecord {
  readonly family: string;
  readonly statement: string;
  readonly kind: string;
  readonly negate: boolean;
  readonly role: ClaimResult['role'];
  readonly gating: boolean;
  readonly pass: boolean;
  readonly holds: boolean;
  readonly target: ClaimResult['target'];
  readonly sides: 1 | 2;
  readonly source: string | null;
  readonly n: number;
  /** The declared target's p-value, raw and after the family's correction. */
  readonly pValue: number | null;
  readonly adjustedP: number | null;
  /** Both targets' verdicts (each as if declared). */
  readonly levels: ClaimResult['levels'];
  readonly alpha: number;
  readonly level: number;
  readonly correction: string;
  readonly familySize: number;
  readonly runs: ClaimResult['runs'];
  readonly comparisons: readonly { a: string; b: string; onlyA: number; onlyB: number; discordance: number; questions: LevelRecord; databases: LevelRecord; holds: boolean }[];
  readonly equivalence: {
    questions: { margin: number; ci: readonly [number, number]; pValue: number; pValueIsBound: boolean; equivalent: boolean };
    databases: { margin: number; ci: readonly [number, number]; pValue: number; pValueIsBound: boolean; equivalent: boolean };
  } | null;
  readonly differing: ClaimResult['differing'];
  readonly meaningful: ClaimResult['meaningful'];
  readonly refused: ClaimResult['refused'];
  readonly needed: ClaimResult['needed'];
  readonly seed: number;
  readonly resamples: number;
}

const level = (l: LevelAnalysis): LevelRecord => {
  const { difference, ...rest } = l;
  return { ...rest, difference: difference.estimate, ci: difference.ci, se: difference.se };
};

export function claimRecord(r: ClaimResult, family: string): ClaimRecord {
  const eq = (e: NonNullable<ClaimResult['equivalence']>['questions']) => ({ margin: e.margin, ci: e.ci, pValue: e.pValue, pValueIsBound: e.pValueIsBound, equivalent: e.equivalent });
  return {
    family,
    statement: describeClaim(r.claim),
    kind: r.claim.kind,
    negate: Boolean(r.claim.negate),
    role: r.role,
    gating: r.gating,
    pass: r.pass,
    holds: r.holds,
    target: r.target,
    sides: r.sides,
    source: r.source,
    n: r.n,
    pValue: r.pValue,
    adjustedP: r.adjustedP,
    levels: r.levels,
    alpha: r.alpha,
    level: r.level,
    correction: r.correction,
    familySize: r.familySize,
    runs: r.runs,
    comparisons: r.comparisons.map((c) => ({
      a: c.a,
      b: c.b,
      onlyA: c.counts.b10,
      onlyB: c.counts.b01,
      discordance: c.discordance,
      questions: level(c.questions),
      databases: level(c.databases),
      holds: c.holds,
    })),
    equivalence: r.equivalence ? { questions: eq(r.equivalence.questions), databases: eq(r.equivalence.databases) } : null,
    differing: r.differing,
    meaningful: r.meaningful,
    refused: r.refused,
    needed: r.needed,
    seed: r.seed,
    resamples: r.resamples,
  };
}
