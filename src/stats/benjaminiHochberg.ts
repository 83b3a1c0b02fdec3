import type { AdjustedPValues, AdjustOptions } from './AdjustedPValues.ts';
import { adjusted, prepareAdjust } from './_internals/adjust.ts';

/**
 * Benjamini & Hochberg (1995) step-up adjustment: controls the false discovery rate
 * (independent or positively dependent tests). With p(1) ≤ … ≤ p(m),
 * adjusted p(i) = min over j ≥ i of min(1, m·p(j)/j).
 */
export function benjaminiHochberg(pValues: readonly number[], options: AdjustOptions = {}): AdjustedPValues {
  const { alpha, order } = prepareAdjust('benjaminiHochberg', pValues, options);
  const m = pValues.length;
  const out = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const idx = order[rank]!;
    running = Math.min(running, (m * pValues[idx]!) / (rank + 1));
    out[idx] = running;
  }
  return adjusted('benjamini-hochberg', alpha, pValues, out, order);
}
