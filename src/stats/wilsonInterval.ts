import { DEFAULTS } from './defaults.ts';
import type { Interval } from './Interval.ts';
import { normalQuantile } from './_internals/normal.ts';
import { assertCount, assertOpenUnit } from './_internals/validate.ts';

/** The Wilson score interval of a proportion. */
export interface WilsonInterval {
  readonly method: 'wilson';
  readonly successes: number;
  readonly n: number;
  readonly proportion: number;
  readonly ci: Interval;
  readonly confidence: number;
}

/**
 * Wilson (1927) score interval, without continuity correction (Newcombe 1998, method 3).
 * Unlike the Wald interval it never leaves [0, 1] and is not degenerate at 0 or n successes:
 * there the bound on the observed side is exactly 0 (or 1) and the other is 1/(1 + n/z²)
 * away. Throws on n = 0.
 */
export function wilsonInterval(successes: number, n: number, confidence: number = DEFAULTS.confidence): WilsonInterval {
  const where = 'wilsonInterval';
  assertCount(where, 'n', n);
  assertCount(where, 'successes', successes);
  if (n === 0) throw new RangeError(`${where}: n = 0: no proportion to estimate`);
  if (successes > n) throw new RangeError(`${where}: successes (${successes}) exceeds n (${n})`);
  assertOpenUnit(where, 'confidence', confidence);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  // At the boundaries the formula's bound is 0 (or 1) only up to rounding: make it exact.
  const lower = successes === 0 ? 0 : Math.max(0, centre - half);
  const upper = successes === n ? 1 : Math.min(1, centre + half);
  return { method: 'wilson', successes, n, proportion: p, ci: [lower, upper], confidence };
}
