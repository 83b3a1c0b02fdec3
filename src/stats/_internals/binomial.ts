/**
 * Binomial probabilities to near machine precision, also deep in the tails (McNemar p-values
 * of 1e-30 must come out right, not as 0 or as 1 − 1): the point mass by Loader's saddle-point
 * expansion ("Fast and accurate computation of binomial probabilities", 2000, the method of
 * R's dbinom), tails by summing point masses outward from the boundary, where they shrink
 * geometrically. A tail holding the mode is taken as 1 − the other tail.
 */

const LN_2PI = 1.8378770664093453;
const LN_SQRT_2PI = 0.9189385332046727;

/** n! for n ≤ 15, exact in a double. */
const SMALL_FACTORIALS = (() => {
  const f = [1];
  for (let i = 1; i <= 15; i++) f.push(f[i - 1]! * i);
  return f;
})();

/** stirlerr(n) = ln n! − ln(√(2πn)·(n/e)^n), the error of Stirling's formula (n ≥ 1). */
export function stirlerr(n: number): number {
  if (n <= 15) return Math.log(SMALL_FACTORIALS[n]!) - ((n + 0.5) * Math.log(n) - n + LN_SQRT_2PI);
  const nn = n * n;
  // Stirling series: 1/12n − 1/360n³ + 1/1260n⁵ − 1/1680n⁷ + 1/1188n⁹
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** bd0(x, m) = x·ln(x/m) + m − x, without cancellation when x ≈ m. */
export function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** P(X = k) for X ~ Binomial(n, p); k, n integers. */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  const q = 1 - p;
  if (p === 0) return k === 0 ? 1 : 0;
  if (q === 0) return k === n ? 1 : 0;
  if (k === 0) {
    if (n === 0) return 1;
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  }
  if (k === n) return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p));
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
  const lf = LN_2PI + Math.log(k) + Math.log1p(-k / n);
  return Math.exp(lc - 0.5 * lf);
}

/** P(X ≤ k). */
export function binomialLower(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  return k < mode(n, p) ? sumDown(k, n, p) : 1 - sumUp(k + 1, n, p);
}

/** P(X ≥ k). */
export function binomialUpper(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return k > mode(n, p) ? sumUp(k, n, p) : 1 - sumDown(k - 1, n, p);
}

/** A mode of Binomial(n, p): the point masses fall on both sides of it. */
function mode(n: number, p: number): number {
  return Math.min(n, Math.floor((n + 1) * p));
}

/** Σ_{j ≤ k} P(X = j), for k below the mode (terms shrink as j falls). */
function sumDown(k: number, n: number, p: number): number {
  let term = binomialPmf(k, n, p);
  let sum = term;
  const ratio = (1 - p) / p;
  for (let j = k; j > 0 && term > sum * 1e-17; j--) {
    term *= (j / (n - j + 1)) * ratio;
    sum += term;
  }
  return Math.min(1, sum);
}

/** Σ_{j ≥ k} P(X = j), for k above the mode (terms shrink as j rises). */
function sumUp(k: number, n: number, p: number): number {
  let term = binomialPmf(k, n, p);
  let sum = term;
  const ratio = p / (1 - p);
  for (let j = k; j < n && term > sum * 1e-17; j++) {
    term *= ((n - j) / (j + 1)) * ratio;
    sum += term;
  }
  return Math.min(1, sum);
}
