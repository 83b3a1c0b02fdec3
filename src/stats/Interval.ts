/** A closed interval `[lower, upper]`, e.g. a confidence interval. */
export type Interval = readonly [lower: number, upper: number];
