import type { McnemarDesignOptions } from './McnemarDesign.ts';
import { checkDesign, connorMde, effectiveN, exactMde, resolveDesign } from './_internals/mcnemarPowerCore.ts';
import { DEFAULTS } from './defaults.ts';
import { assertOpenUnit } from './_internals/validate.ts';

/** Inputs of mcnemarMde. */
export interface McnemarMdeOptions extends McnemarDesignOptions {
  /** Number of pairs (examples). */
  n: number;
  /** Fraction of discordant pairs ψ (1 − agreement rate). */
  discordance: number;
  /** Target power, in [0.5, 1). Default 0.8. */
  power?: number;
}

/** The minimum detectable effect of a paired design. */
export interface McnemarMdeResult {
  readonly method: 'connor' | 'exact';
  readonly n: number;
  readonly discordance: number;
  readonly alpha: number;
  readonly sides: 1 | 2;
  readonly power: number;
  /** The design effect used (1: independent pairs). */
  readonly designEffect: number;
  /**
   * Smallest difference in accuracy (a − b, as a fraction) that the test detects with this
   * power; null when none can be (no discordant pairs, or not even δ = ψ suffices).
   */
  readonly mde: number | null;
}

/**
 * Minimum detectable effect of McNemar's test: the accuracy gap a spec of n examples can
 * hope to confirm. A claim of a smaller gap is one its sample is too small to test.
 */
export function mcnemarMde(options: McnemarMdeOptions): McnemarMdeResult {
  const where = 'mcnemarMde';
  const { alpha, sides, method, designEffect } = resolveDesign(where, options);
  const { n, discordance } = options;
  const power = options.power ?? DEFAULTS.power;
  checkDesign(where, n, discordance, null);
  assertOpenUnit(where, 'power', power);
  if (power < 0.5) throw new RangeError(`${where}: power must be at least 0.5, got ${power}`);
  const m = effectiveN(n, designEffect, method);
  const mde = method === 'connor' ? connorMde(m, discordance, alpha, power, sides) : exactMde(m, discordance, alpha, power, sides);
  return { method, n, discordance, alpha, sides, power, designEffect, mde };
}
