import type { AdjustedPValues, AdjustOptions } from './AdjustedPValues.ts';
import { adjusted, prepareAdjust } from './_internals/adjust.ts';

/**
 * Holm (1979) step-down adjustment: controls the family-wise error rate of the claims in one
 * spec file under any dependence. With p-values sorted ascending p(1) ≤ … ≤ p(m),
 * adjusted p(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)).
 */
export function holm(pValues: readonly number[], options: AdjustOptions = {}): AdjustedPValues {
  const { alpha, order } = prepareAdjust('holm', pValues, options);
  const m = pValues.length;
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[idx]!));
    out[idx] = running;
  });
  return adjusted('holm', alpha, pValues, out, order);
}
