/** Options shared by every bootstrap in `stats/`; the defaults are filled in one place. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples. Default 10,000. */
  resamples?: number;
  /** Seed of the generator (any safe integer); recorded in the result. Default 42. */
  seed?: number;
  /** Two-sided confidence level of the interval, in (0, 1). Default 0.95. */
  confidence?: number;
}

import { DEFAULTS } from './defaults.ts';

export const DEFAULT_RESAMPLES = DEFAULTS.resamples;
export const DEFAULT_SEED = DEFAULTS.seed;
export const DEFAULT_CONFIDENCE = DEFAULTS.confidence;
