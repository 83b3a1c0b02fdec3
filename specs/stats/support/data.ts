import { Xoshiro128 } from '../../../src/core/xoshiro128.ts';

/** n Bernoulli(p) verdicts from a seeded generator. */
export function bernoulli(n: number, p: number, seed: number): Uint8Array {
  const rng = Xoshiro128.fromSeed(seed);
  return Uint8Array.from({ length: n }, () => (rng.nextFloat() < p ? 1 : 0));
}

/**
 * n paired verdicts with P(a right, b wrong) = p10, P(a wrong, b right) = p01 and the rest
 * concordant (half both right, half both wrong).
 */
export function pairs(n: number, p10: number, p01: number, seed: number): { a: Uint8Array; b: Uint8Array } {
  const rng = Xoshiro128.fromSeed(seed);
  const a = new Uint8Array(n);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.nextFloat();
    if (u < p10) a[i] = 1;
    else if (u < p10 + p01) b[i] = 1;
    else if (u < p10 + p01 + (1 - p10 - p01) / 2) a[i] = b[i] = 1;
  }
  return { a, b };
}

/** A vector with `ones` ones followed by zeros. */
export function ones(n: number, count: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i < count ? 1 : 0));
}
