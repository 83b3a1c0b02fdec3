import type { McnemarDesignOptions } from './McnemarDesign.ts';
import { checkDesign, connorSampleSize, resolveDesign } from './_internals/mcnemarPowerCore.ts';
import { assertOpenUnit } from './_internals/validate.ts';
import { DEFAULTS } from './defaults.ts';

/** Inputs of mcnemarSampleSize (Connor's formula only: exact power is not monotone in n). */
export interface McnemarSampleSizeOptions extends Omit<McnemarDesignOptions, 'method'> {
  /** Fraction of discordant pairs ψ expected (1 − agreement rate). */
  discordance: number;
  /** Difference in accuracy to detect, δ = a − b, 0 < |δ| ≤ ψ. */
  effect: number;
  /** Target power, in (0, 1). Default 0.8. */
  power?: number;
}

/** The number of pairs a paired design needs. */
export interface McnemarSampleSizeResult {
  readonly method: 'connor';
  readonly discordance: number;
  readonly effect: number;
  readonly alpha: number;
  readonly sides: 1 | 2;
  readonly power: number;
  /** The design effect used (1: independent pairs); n already includes it. */
  readonly designEffect: number;
  /** Pairs needed (rounded up); null for δ = 0, or δ < 0 one-sided. */
  readonly n: number | null;
}

/** Connor (1987) sample size for McNemar's test: how many examples a claim needs. */
export function mcnemarSampleSize(options: McnemarSampleSizeOptions): McnemarSampleSizeResult {
  const where = 'mcnemarSampleSize';
  const { alpha, sides, designEffect } = resolveDesign(where, options);
  const { discordance, effect } = options;
  const power = options.power ?? DEFAULTS.power;
  checkDesign(where, null, discordance, effect);
  assertOpenUnit(where, 'power', power);
  const independent = connorSampleSize(discordance, effect, alpha, power, sides);
  const n = independent === null ? null : Math.ceil(independent * designEffect);
  return { method: 'connor', discordance, effect, alpha, sides, power, designEffect, n };
}
