import { DEFAULTS } from '../defaults.ts';
import type { AdjustedPValues, AdjustOptions } from '../AdjustedPValues.ts';
import { assertOpenUnit, assertProbability } from './validate.ts';

/** Checks the p-values and alpha, and returns the indices ordering the p-values ascending. */
export function prepareAdjust(
  where: string,
  pValues: readonly number[],
  options: AdjustOptions,
): { alpha: number; order: number[] } {
  const alpha = options.alpha ?? DEFAULTS.alpha;
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
  order: readonly number[],
): AdjustedPValues {
  const m = pValues.length;
  const levels = new Array<number>(m);
  order.forEach((idx, rank) => {
    levels[idx] = method === 'holm' ? alpha / (m - rank) : (alpha * (rank + 1)) / m;
  });
  return { method, alpha, pValues: [...pValues], adjusted: values, levels, reject: values.map((p) => p <= alpha) };
}
