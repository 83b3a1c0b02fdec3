/**
 * The population a claim is about.
 * - `'questions'`: these questions (e.g. the 1034 of Spider dev), each an independent pair:
 *   exact McNemar test, paired bootstrap over questions.
 * - `'databases'`: new databases like these, questions of one database not independent: exact
 *   sign-flip permutation test over databases when they are few (clustered McNemar when many),
 *   cluster bootstrap over databases.
 * Every result reports both analyses; the declared one decides.
 */
export type Target = 'questions' | 'databases';

/** How a claim is stated, shared by the kinds that test something. */
export interface Stated {
  /** The inference target; else the family's (`ClaimOptions.target`). A claim with neither is refused. */
  readonly target?: Target;
  /**
   * 2 (default): a two-sided test, and the estimate must lie in the claimed direction. 1: a
   * one-sided test, allowed only with a `source` for the direction stated before the data.
   */
  readonly sides?: 1 | 2;
  /** Where a one-sided claim's direction comes from (a paper's sentence or table); printed. */
  readonly source?: string;
  /** Picked after looking at the results: reported, never gating, outside the family's correction. */
  readonly exploratory?: boolean;
  /**
   * States that the finding is NOT established: judged on its own unadjusted p-value (so no
   * number of other claims can make it pass) and reported as an absence of evidence, not as
   * evidence of absence. Positive evidence of "no meaningful difference" is `tied`.
   */
  readonly negate?: boolean;
}

/**
 * A finding, stated about named runs, that the data either support or refute.
 * - `better`: `a` is significantly more accurate than `b` (by more than `by` when given).
 * - `tied`: `a` and `b` are equivalent within ±`margin` (paired TOST), not merely "not different";
 *   the margin must lie below the smallest gain the same family calls significant.
 * - `ladder`: accuracy rises along `runs` (each step a `better` claim); `along` names the axis.
 * - `accuracy`: `run` scores `expected` ± `tolerance` (e.g. a published number).
 * - `identical`: `a` and `b` give the same verdict on every question, or all but
 *   `maxDiffering` (a reproducibility statement that needs no test: it is exact).
 */
export type Claim =
  | (Stated & {
      readonly kind: 'better';
      readonly a: string;
      readonly b: string;
      readonly by?: number;
      /** The size of effect the claim is about (e.g. 0.07 for "adds 7 points"): with
       *  `ClaimOptions.minPower`, a sample too small to detect it is refused. */
      readonly effect?: number;
    })
  | (Stated & { readonly kind: 'tied'; readonly a: string; readonly b: string; readonly margin?: number })
  | (Stated & { readonly kind: 'ladder'; readonly runs: readonly string[]; readonly along: string })
  | { readonly kind: 'accuracy'; readonly run: string; readonly expected: number; readonly tolerance: number; readonly negate?: boolean; readonly exploratory?: boolean }
  | { readonly kind: 'identical'; readonly a: string; readonly b: string; readonly maxDiffering?: number; readonly negate?: boolean; readonly exploratory?: boolean };

/** Statistical settings shared by the claims of one family (one `claimSuite`). Defaults: src/stats/defaults.ts. */
export interface ClaimOptions {
  /** Level of every test. Default 0.05. */
  alpha?: number;
  /**
   * Multiple-comparison correction across the family's gating positive claims. Default 'holm',
   * under which adding claims never lowers another claim's adjusted p. 'bh' controls the false
   * discovery rate instead and lacks that property (more small p-values can pull a borderline
   * claim under alpha): use it for screens, not for findings a file must establish.
   */
  correction?: 'holm' | 'bh' | 'none';
  /** Bootstrap resamples. Default 10,000. */
  resamples?: number;
  /** Bootstrap seed (recorded in every result). Default 42. */
  seed?: number;
  /** Inference target of the claims that state none. */
  target?: Target;
  /** Default equivalence margin for `tied`. Default 0.02 (two points). */
  margin?: number;
  /**
   * Refuse a `better` claim with an `effect` when its test (sides, level, clustering as run)
   * would detect that effect with less than this power (e.g. 0.8). Default: no check.
   */
  minPower?: number;
}

type StatedOptions = Pick<Stated, 'target' | 'sides' | 'source' | 'exploratory'>;
type BetterOptions = StatedOptions & { by?: number; effect?: number };

export const better = (a: string, b: string, opts: BetterOptions = {}): Claim => ({ kind: 'better', a, b, ...opts });
export const notBetter = (a: string, b: string, opts: BetterOptions = {}): Claim => ({ kind: 'better', a, b, ...opts, negate: true });
export const tied = (a: string, b: string, opts: StatedOptions & { margin?: number } = {}): Claim => ({ kind: 'tied', a, b, ...opts });
export const notTied = (a: string, b: string, opts: StatedOptions & { margin?: number } = {}): Claim => ({ kind: 'tied', a, b, ...opts, negate: true });
export const ladder = (runs: readonly string[], along: string, opts: StatedOptions = {}): Claim => ({ kind: 'ladder', runs, along, ...opts });
export const notLadder = (runs: readonly string[], along: string, opts: StatedOptions = {}): Claim => ({ kind: 'ladder', runs, along, ...opts, negate: true });
export const accuracyWithin = (run: string, expected: number, tolerance: number): Claim => ({ kind: 'accuracy', run, expected, tolerance });
export const identical = (a: string, b: string, opts: { maxDiffering?: number } = {}): Claim => ({ kind: 'identical', a, b, ...opts });

/** One line, in words. */
export function describeClaim(claim: Claim): string {
  const is = claim.negate ? 'is NOT shown to be' : 'is';
  const where = 'target' in claim && claim.target ? (claim.target === 'databases' ? ' across databases' : ' on these questions') : '';
  switch (claim.kind) {
    case 'better':
      return `${claim.a} ${is} significantly better than ${claim.b}${claim.by ? ` by more than ${(100 * claim.by).toFixed(1)} points` : ''}${where}`;
    case 'tied':
      return `${claim.a} ${is} tied with ${claim.b} (within ±${claim.margin === undefined ? 'the default margin' : `${(100 * claim.margin).toFixed(1)} points`})${where}`;
    case 'ladder':
      return `accuracy ${claim.negate ? 'is NOT shown to rise at every step' : 'rises at every step'} with ${claim.along}: ${claim.runs.join(' < ')}${where}`;
    case 'accuracy':
      return `${claim.run} ${claim.negate ? 'does NOT have' : 'has'} accuracy ${(100 * claim.expected).toFixed(1)}% ± ${(100 * claim.tolerance).toFixed(1)}`;
    case 'identical': {
      const k = claim.maxDiffering ?? 0;
      const same = k === 0 ? 'the same verdict on every question' : `the same verdict on every question but at most ${k}`;
      return `${claim.a} and ${claim.b} ${claim.negate ? 'do NOT give' : 'give'} ${same}`;
    }
  }
}
