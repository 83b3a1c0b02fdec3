/**
 * A finding, stated about named runs, that the data either support or refute.
 * - `better`: `a` is significantly more accurate than `b` (paired, one-sided), by more than `by`.
 * - `tied`: `a` and `b` are equivalent within ±`margin` (paired TOST), not merely "not different".
 * - `ladder`: accuracy rises along `runs` (each step a `better` claim); `along` names the axis.
 * - `accuracy`: `run` scores `expected` ± `tolerance` (e.g. a published number).
 * `negate` states that the finding is NOT established: the claim passes when the test, after
 * the family's correction, does not support it. That is weaker than evidence against the
 * finding (and a larger family makes it easier to pass); where the data allow, add positive
 * evidence too — `tied`, or `better` the other way round.
 */
export type Claim =
  | {
      readonly kind: 'better';
      readonly a: string;
      readonly b: string;
      readonly by?: number;
      /** The size of effect the claim is about (e.g. 0.07 for "adds 7 points"): with
       *  `ClaimOptions.minPower`, a sample too small to detect it is refused. */
      readonly effect?: number;
      readonly negate?: boolean;
    }
  | { readonly kind: 'tied'; readonly a: string; readonly b: string; readonly margin?: number; readonly negate?: boolean }
  | { readonly kind: 'ladder'; readonly runs: readonly string[]; readonly along: string; readonly negate?: boolean }
  | { readonly kind: 'accuracy'; readonly run: string; readonly expected: number; readonly tolerance: number; readonly negate?: boolean };

/** Statistical settings shared by the claims of one family (one spec file). */
export interface ClaimOptions {
  /** Level of every test. Default 0.05. */
  alpha?: number;
  /** Multiple-comparison correction across the family. Default 'holm'. */
  correction?: 'holm' | 'bh' | 'none';
  /** Bootstrap resamples. Default 10,000. */
  resamples?: number;
  /** Bootstrap seed (recorded in every result). Default 42. */
  seed?: number;
  /** Resample whole databases (db_id) and use the clustered McNemar test. Default false. */
  clusterByDatabase?: boolean;
  /** Default equivalence margin for `tied`. Default 0.02 (two points). */
  margin?: number;
  /**
   * Refuse a `better` claim with an `effect` when McNemar's test, at this n and the observed
   * agreement rate, would detect that effect with less than this power (e.g. 0.8): the
   * sample is too small to test the claim, whatever the p-value says. Default: no check.
   */
  minPower?: number;
}

export const better = (a: string, b: string, opts: { by?: number; effect?: number } = {}): Claim => ({ kind: 'better', a, b, ...opts });
export const notBetter = (a: string, b: string, opts: { by?: number } = {}): Claim => ({ kind: 'better', a, b, ...opts, negate: true });
export const tied = (a: string, b: string, opts: { margin?: number } = {}): Claim => ({ kind: 'tied', a, b, ...opts });
export const notTied = (a: string, b: string, opts: { margin?: number } = {}): Claim => ({ kind: 'tied', a, b, ...opts, negate: true });
export const ladder = (runs: readonly string[], along: string): Claim => ({ kind: 'ladder', runs, along });
export const notLadder = (runs: readonly string[], along: string): Claim => ({ kind: 'ladder', runs, along, negate: true });
export const accuracyWithin = (run: string, expected: number, tolerance: number): Claim => ({ kind: 'accuracy', run, expected, tolerance });

/** One line, in words. */
export function describeClaim(claim: Claim): string {
  const is = claim.negate ? 'is NOT shown to be' : 'is';
  switch (claim.kind) {
    case 'better':
      return `${claim.a} ${is} significantly better than ${claim.b}${claim.by ? ` by more than ${(100 * claim.by).toFixed(1)} points` : ''}`;
    case 'tied':
      return `${claim.a} ${is} tied with ${claim.b} (within ±${(100 * (claim.margin ?? 0.02)).toFixed(1)} points)`;
    case 'ladder':
      return `accuracy ${claim.negate ? 'is NOT shown to rise at every step' : 'rises at every step'} with ${claim.along}: ${claim.runs.join(' < ')}`;
    case 'accuracy':
      return `${claim.run} ${claim.negate ? 'does NOT have' : 'has'} accuracy ${(100 * claim.expected).toFixed(1)}% ± ${(100 * claim.tolerance).toFixed(1)}`;
  }
}
