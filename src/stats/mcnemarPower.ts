import type { McnemarDesignOptions } from './McnemarDesign.ts';
import { checkDesign, connorPower, effectiveN, exactPower, resolveDesign } from './_internals/mcnemarPowerCore.ts';

/** Inputs of mcnemarPower. */
export interface McnemarPowerOptions extends McnemarDesignOptions {
  /** Number of pairs (examples). */
  n: number;
  /** Fraction of discordant pairs ψ = p10 + p01 (1 − agreement rate). */
  discordance: number;
  /** True difference in accuracy δ = a − b (= p10 − p01), |δ| ≤ ψ. */
  effect: number;
}

/** The power of McNemar's test for one design and effect. */
export interface McnemarPowerResult {
  readonly method: 'connor' | 'exact';
  readonly n: number;
  readonly discordance: number;
  readonly effect: number;
  readonly alpha: number;
  readonly sides: 1 | 2;
  /** The design effect used (1: independent pairs). */
  readonly designEffect: number;
  /** Probability that the test rejects (two-sided: in either direction). */
  readonly power: number;
}

/** Power of McNemar's test to detect `effect` with n pairs at this discordance. */
export function mcnemarPower(options: McnemarPowerOptions): McnemarPowerResult {
  const where = 'mcnemarPower';
  const { alpha, sides, method, designEffect } = resolveDesign(where, options);
  const { n, discordance, effect } = options;
  checkDesign(where, n, discordance, effect);
  const m = effectiveN(n, designEffect, method);
  const power = method === 'connor' ? connorPower(m, discordance, effect, alpha, sides) : exactPower(m, discordance, effect, alpha, sides);
  return { method, n, discordance, effect, alpha, sides, designEffect, power };
}
