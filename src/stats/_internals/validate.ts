import { DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED, type BootstrapOptions } from '../BootstrapOptions.ts';

/** Bootstrap options with every default filled in and checked. */
export interface ResolvedBootstrapOptions {
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
}

/** The one place that fills and checks bootstrap defaults. */
export function resolveBootstrapOptions(where: string, options: BootstrapOptions): ResolvedBootstrapOptions {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`${where}: resamples must be a positive integer, got ${resamples}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`${where}: seed must be a safe integer, got ${seed}`);
  assertOpenUnit(where, 'confidence', confidence);
  return { resamples, seed, confidence };
}

/** Throws unless `value` is in the open interval (0, 1). */
export function assertOpenUnit(where: string, name: string, value: number): void {
  if (!(value > 0 && value < 1)) throw new RangeError(`${where}: ${name} must be in (0, 1), got ${value}`);
}

/** Throws unless `value` is a probability in [0, 1]. */
export function assertProbability(where: string, name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${where}: ${name} must be in [0, 1], got ${value}`);
}

/** Throws unless `value` is a non-negative integer. */
export function assertCount(where: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${where}: ${name} must be a non-negative integer, got ${value}`);
  }
}
