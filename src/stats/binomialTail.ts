import { binomialLower, binomialUpper } from './_internals/binomial.ts';
import { assertCount, assertProbability } from './_internals/validate.ts';

/** Which tail: `'lower'` is P(X ≤ k), `'upper'` is P(X ≥ k) (both include k). */
export type BinomialTailSide = 'lower' | 'upper';

/**
 * An exact binomial tail probability for X ~ Binomial(n, p), accurate to ~1e-13 relative even
 * far in the tail (Loader's saddle-point point masses, summed outward). Default p = 1/2, the
 * null of the sign test and of the exact McNemar test.
 */
export function binomialTail(k: number, n: number, side: BinomialTailSide, p = 0.5): number {
  const where = 'binomialTail';
  assertCount(where, 'n', n);
  if (!Number.isSafeInteger(k)) throw new RangeError(`${where}: k must be an integer, got ${k}`);
  assertProbability(where, 'p', p);
  return side === 'lower' ? binomialLower(k, n, p) : binomialUpper(k, n, p);
}
