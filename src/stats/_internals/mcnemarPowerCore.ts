import { DEFAULTS } from '../defaults.ts';
import type { McnemarDesignOptions } from '../McnemarDesign.ts';
import { binomialLower, binomialPmf, binomialUpper } from './binomial.ts';
import { mcnemarPValues } from './mcnemarPValues.ts';
import { normalCdf, normalQuantile } from './normal.ts';
import { assertCount, assertOpenUnit, assertProbability } from './validate.ts';

/** The design options with defaults filled. */
export interface ResolvedMcnemarDesign {
  readonly alpha: number;
  readonly sides: 1 | 2;
  readonly method: 'connor' | 'exact';
  readonly designEffect: number;
}

/** Fills and checks the design options (the one place with their defaults). */
export function resolveDesign(where: string, options: McnemarDesignOptions): ResolvedMcnemarDesign {
  const alpha = options.alpha ?? DEFAULTS.alpha;
  const sides = options.sides ?? 2;
  const method = options.method ?? 'connor';
  const designEffect = options.designEffect ?? 1;
  assertOpenUnit(where, 'alpha', alpha);
  if (!(designEffect > 0 && Number.isFinite(designEffect))) throw new RangeError(`${where}: designEffect must be positive, got ${designEffect}`);
  if (sides !== 1 && sides !== 2) throw new RangeError(`${where}: sides must be 1 or 2, got ${String(sides)}`);
  if (method !== 'connor' && method !== 'exact') throw new RangeError(`${where}: unknown method ${String(method)}`);
  return { alpha, sides, method, designEffect };
}

/** Checks n, ψ and (optionally) δ of a design. */
export function checkDesign(where: string, n: number | null, discordance: number, effect: number | null): void {
  if (n !== null) assertCount(where, 'n', n);
  assertProbability(where, 'discordance', discordance);
  if (effect !== null && !(Math.abs(effect) <= discordance)) {
    throw new RangeError(`${where}: |effect| (${effect}) cannot exceed the discordance (${discordance})`);
  }
}

/** The number of independent pairs a clustered design of n pairs is worth (exact power needs an integer). */
export function effectiveN(n: number, designEffect: number, method: 'connor' | 'exact'): number {
  const eff = n / designEffect;
  return method === 'exact' ? Math.max(0, Math.floor(eff)) : eff;
}
/** z of the test's critical value: z_{1−α/2} two-sided, z_{1−α} one-sided. */
function zAlpha(alpha: number, sides: 1 | 2): number {
  return normalQuantile(1 - alpha / sides);
}

/**
 * Connor (1987, Biometrics 43:207), normal approximation to McNemar's test:
 * power = Φ((√n·|δ| − z_α·√ψ) / √(ψ − δ²)); one-sided uses the signed δ (a better).
 */
export function connorPower(n: number, psi: number, delta: number, alpha: number, sides: 1 | 2): number {
  if (psi === 0 || n === 0) return 0;
  const d = sides === 2 ? Math.abs(delta) : delta;
  const spread = Math.sqrt(psi - delta * delta);
  const num = Math.sqrt(n) * d - zAlpha(alpha, sides) * Math.sqrt(psi);
  if (spread === 0) return num >= 0 ? 1 : 0;
  return normalCdf(num / spread);
}

/**
 * Connor's formula solved for δ at a target power ≥ 1/2 (squaring (√n·δ − z_α√ψ) =
 * z_β·√(ψ − δ²) gives a quadratic; its larger root):
 *   δ = √ψ · (√n·z_α + z_β·√(n − z_α² + z_β²)) / (n + z_β²).
 * null when no δ ≤ ψ reaches the power.
 */
export function connorMde(n: number, psi: number, alpha: number, power: number, sides: 1 | 2): number | null {
  if (psi === 0 || n === 0) return null;
  const za = zAlpha(alpha, sides);
  const zb = normalQuantile(power);
  const disc = n - za * za + zb * zb;
  if (disc < 0) return null;
  const delta = (Math.sqrt(psi) * (Math.sqrt(n) * za + zb * Math.sqrt(disc))) / (n + zb * zb);
  return delta <= psi ? delta : null;
}

/** Connor's sample size: n = (z_α·√ψ + z_β·√(ψ − δ²))² / δ², rounded up. */
export function connorSampleSize(psi: number, delta: number, alpha: number, power: number, sides: 1 | 2): number | null {
  if (delta === 0 || (sides === 1 && delta < 0)) return null;
  const za = zAlpha(alpha, sides);
  const zb = normalQuantile(power);
  const root = za * Math.sqrt(psi) + zb * Math.sqrt(psi - delta * delta);
  return Math.ceil((root * root) / (delta * delta));
}

/**
 * Exact power of the exact conditional McNemar test (mcnemarPValues at level α): the number
 * of discordant pairs D ~ Binomial(n, ψ); given D = d, b10 ~ Binomial(d, π), π = p10/ψ; the
 * test rejects for b10 ≥ u_d (and, two-sided, b10 ≤ d − u_d), u_d its critical value.
 * Values of d with negligible probability (< 1e-15 each) are skipped.
 */
export function exactPower(n: number, psi: number, delta: number, alpha: number, sides: 1 | 2): number {
  if (psi === 0 || n === 0) return 0;
  const pi = Math.min(1, Math.max(0, (psi + delta) / (2 * psi)));
  let power = 0;
  for (let d = 1; d <= n; d++) {
    const w = binomialPmf(d, n, psi);
    if (w < 1e-15) {
      if (d > n * psi) break; // past the bulk: the rest is negligible
      continue;
    }
    const u = criticalValue(d, alpha, sides);
    let reject = u <= d ? binomialUpper(u, d, pi) : 0;
    if (sides === 2) reject += binomialLower(d - u, d, pi);
    power += w * reject;
  }
  return Math.min(1, power);
}

/** Smallest b10 at which the exact test with d discordant pairs rejects in favour of a (d + 1: never). */
function criticalValue(d: number, alpha: number, sides: 1 | 2): number {
  const rejects = (u: number): boolean => {
    const p = mcnemarPValues(u, d - u);
    return (sides === 2 ? p.twoSided : p.aBetter) <= alpha;
  };
  // The p-value falls as b10 rises above d/2 (two-sided) or everywhere (one-sided): bisect.
  let lo = sides === 2 ? Math.ceil(d / 2) : 0;
  let hi = d + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rejects(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Smallest δ in [0, ψ] whose exact power reaches `power` (bisection), or null. */
export function exactMde(n: number, psi: number, alpha: number, power: number, sides: 1 | 2): number | null {
  if (psi === 0 || n === 0) return null;
  if (exactPower(n, psi, psi, alpha, sides) < power) return null;
  let lo = 0;
  let hi = psi;
  for (let i = 0; i < 40 && hi - lo > 1e-6; i++) {
    const mid = (lo + hi) / 2;
    if (exactPower(n, psi, mid, alpha, sides) >= power) hi = mid;
    else lo = mid;
  }
  return hi;
}
