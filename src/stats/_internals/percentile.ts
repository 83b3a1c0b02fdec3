import type { Interval } from '../Interval.ts';

/**
 * The q-quantile of ascending `sorted`, by linear interpolation between order statistics
 * (Hyndman & Fan type 7, the default of R, NumPy and `scipy.stats.bootstrap`), so our
 * percentile intervals match what a Python user would compute from the same resamples.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1]!;
  return a + (h - lo) * (b - a);
}

/** The equal-tailed percentile interval of ascending `sorted` at `confidence`. */
export function percentileInterval(sorted: ArrayLike<number>, confidence: number): Interval {
  const tail = (1 - confidence) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

/** Sample standard deviation (n − 1) of `values`. */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}
