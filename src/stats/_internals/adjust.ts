import type { AdjustedPValues, AdjustOptions } from '../AdjustedPValues.ts';
import { assertOpenUnit, assertProbability } from './validate.ts';

/** Checks the p-values and alpha, and returns the indices ordering the p-values ascending. */
export function prepareAdjust(
  where: string,
  pValues: readonly number[],
  options: AdjustOptions,
): { alpha: number; order: number[] } {
  const alpha = options.alpha ?? 0.05;
  assertOpenUnit(where, 'alpha', alpha);
  pValues.forEach((p, i) => assertProbability(where, `pValues[${i}]`, p));
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i]! - pValues[j]! || i - j);
  return { alpha, order };
}

/** Packs adjusted values into the result. */
export function adjusted(
  method: AdjustedPValues['method'],
  alpha: number,
  pValues: readonly number[],
  values: number[],
): AdjustedPValues {
  return { method, alpha, pValues: [...pValues], adjusted: values, reject: values.map((p) => p <= alpha) };
}
