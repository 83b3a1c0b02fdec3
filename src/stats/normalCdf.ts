import { normalCdf as cdf } from './_internals/normal.ts';

/** Standard normal cumulative distribution function Φ(x). */
export function normalCdf(x: number): number {
  return cdf(x);
}
