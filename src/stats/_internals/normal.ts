/**
 * Standard normal distribution, to double precision, without tables of magic coefficients:
 * the CDF is Marsaglia's Taylor series (J. Stat. Softw. 11(4), 2004) in the centre and the
 * Laplace continued fraction for the Mills ratio in the tails; the quantile starts from
 * Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4) and is polished by Halley steps on that CDF.
 */

const LN_SQRT_2PI = 0.9189385332046727; // ln √(2π)
const SQRT_2PI = 2.5066282746310002;

/** φ(x), the standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI);
}

/** Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= -3) return lowerTailFraction(-x);
  if (x >= 3) return 1 - lowerTailFraction(x);
  // Marsaglia: Φ(x) = 1/2 + φ(x)·(x + x³/3 + x⁵/(3·5) + …); at |x| < 3 all terms are modest.
  let sum = x;
  let term = x;
  const q = x * x;
  for (let i = 3; ; i += 2) {
    term *= q / i;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return 0.5 + sum * normalPdf(x);
}

/** Φ(−z) for z ≥ 3: φ(z)·R(z), R(z) = 1/(z + 1/(z + 2/(z + 3/(z + …)))) by modified Lentz. */
function lowerTailFraction(z: number): number {
  if (z === Infinity) return 0;
  const tiny = 1e-300;
  let f = tiny;
  let c = f;
  let d = 0;
  for (let j = 1; j < 5000; j++) {
    const a = j === 1 ? 1 : j - 1;
    d = z + a * d;
    if (d === 0) d = tiny;
    c = z + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f * normalPdf(z);
}

/** Φ⁻¹(p): the z with Φ(z) = p. ±Infinity at p = 0 and 1. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p);
  if (p === 0.5) return 0;
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (let i = 0; i < 4; i++) {
    const e = normalCdf(x) - p;
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
    const next = x - u / (1 + 0.5 * x * u);
    if (next === x) break;
    x = next;
  }
  return x;
}
