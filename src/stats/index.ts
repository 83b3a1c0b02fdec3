// Public API of t2sql's statistics: pure, seeded functions over per-example verdicts.
export type { Correctness } from './Correctness.ts';
export type { Interval } from './Interval.ts';
export type { BootstrapOptions } from './BootstrapOptions.ts';
export { DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED } from './BootstrapOptions.ts';
export { DEFAULTS } from './defaults.ts';

export { bootstrapAccuracy, type AccuracyBootstrap } from './bootstrapAccuracy.ts';
export { clusterBootstrapAccuracy, type ClusterAccuracyBootstrap } from './clusterBootstrapAccuracy.ts';
export { wilsonInterval, type WilsonInterval } from './wilsonInterval.ts';

export { pairedBootstrap, type PairedBootstrap, type PairedBootstrapOptions, type PairedSide } from './pairedBootstrap.ts';
export {
  pairedComparison,
  type NaiveOverlapCheck,
  type PairedComparison,
  type PairedComparisonOptions,
  type PairedCounts,
  type PairedDecision,
} from './pairedComparison.ts';
export { equivalenceTest, type EquivalenceOptions, type EquivalenceResult } from './equivalenceTest.ts';

export { mcnemarExact, type McnemarExactResult } from './mcnemarExact.ts';
export { clusteredMcnemar, type ClusteredMcnemarResult } from './clusteredMcnemar.ts';
export { signFlipTest, type SignFlipResult } from './signFlipTest.ts';
export { binomialTail, type BinomialTailSide } from './binomialTail.ts';

export type { AdjustedPValues, AdjustOptions } from './AdjustedPValues.ts';
export { holm } from './holm.ts';
export { benjaminiHochberg } from './benjaminiHochberg.ts';

export type { McnemarDesignOptions } from './McnemarDesign.ts';
export { mcnemarPower, type McnemarPowerOptions, type McnemarPowerResult } from './mcnemarPower.ts';
export { mcnemarMde, type McnemarMdeOptions, type McnemarMdeResult } from './mcnemarMde.ts';
export { mcnemarSampleSize, type McnemarSampleSizeOptions, type McnemarSampleSizeResult } from './mcnemarSampleSize.ts';

export { sampleIndices, type IndexSample } from './sampleIndices.ts';
export { normalCdf } from './normalCdf.ts';
