// Independent references for the specs: exact rational arithmetic with BigInt, no floating point
// until the final division. Slow, so only for n up to a few hundred.

/** C(n, k) exactly. */
export function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let c = 1n;
  const kk = Math.min(k, n - k);
  for (let i = 1; i <= kk; i++) c = (c * BigInt(n - kk + i)) / BigInt(i);
  return c;
}

/** a / b as the nearest double, for huge a and b (b > 0), also when it is below 1e-300. */
export function ratio(a: bigint, b: bigint): number {
  if (a === 0n) return 0;
  const e = a.toString(2).length - b.toString(2).length;
  const shift = 64 - e;
  const q = shift >= 0 ? (a << BigInt(shift)) / b : a / (b << BigInt(-shift));
  const x = e - 64;
  return Number(q) * 2 ** Math.trunc(x / 2) * 2 ** (x - Math.trunc(x / 2));
}

/** P(X ≥ k) (or P(X ≤ k)) for X ~ Binomial(n, num/den), exactly, then rounded once. */
export function exactBinomialTail(k: number, n: number, side: 'lower' | 'upper', num = 1n, den = 2n): number {
  let total = 0n;
  const from = side === 'upper' ? Math.max(0, k) : 0;
  const to = side === 'upper' ? n : Math.min(n, k);
  for (let j = from; j <= to; j++) total += choose(n, j) * num ** BigInt(j) * (den - num) ** BigInt(n - j);
  return ratio(total, den ** BigInt(n));
}

/** The exact two-sided McNemar p-value, min(1, 2·smaller tail), from exact tails. */
export function exactMcnemarP(b10: number, b01: number): number {
  const d = b10 + b01;
  const lower = exactBinomialTail(b10, d, 'lower');
  const upper = exactBinomialTail(b10, d, 'upper');
  return Math.min(1, 2 * Math.min(lower, upper));
}
