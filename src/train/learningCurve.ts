import { bootstrapAccuracy, type AccuracyBootstrap } from '../stats/bootstrapAccuracy.ts';
import type { BootstrapOptions } from '../stats/BootstrapOptions.ts';
import type { McnemarExactResult } from '../stats/mcnemarExact.ts';
import { pairedComparison } from '../stats/pairedComparison.ts';

/** Per-example correctness (dev order) of one checkpoint, scored through generate → eval. */
export interface ScoredCheckpoint {
  readonly step: number;
  readonly adapterHash: string;
  readonly correct: ArrayLike<0 | 1>;
}

export interface LearningCurvePoint {
  readonly step: number;
  readonly adapterHash: string;
  readonly accuracy: AccuracyBootstrap;
  /** Paired exact McNemar test against the base model on the same examples. */
  readonly vsBase: McnemarExactResult & { readonly difference: number };
}

export interface LearningCurve {
  readonly base: AccuracyBootstrap;
  readonly points: readonly LearningCurvePoint[];
}

/** Accuracy with a bootstrap CI at each checkpoint, and a paired test of each against the base model. */
export function learningCurve(base: ArrayLike<0 | 1>, checkpoints: readonly ScoredCheckpoint[], options: BootstrapOptions = {}): LearningCurve {
  const baseAcc = bootstrapAccuracy(base, options);
  const points = [...checkpoints]
    .sort((a, b) => a.step - b.step)
    .map((c): LearningCurvePoint => {
      if (c.correct.length !== base.length) throw new RangeError(`checkpoint ${c.step} was scored on ${c.correct.length} examples, the base model on ${base.length}`);
      const accuracy = bootstrapAccuracy(c.correct, options);
      const paired = pairedComparison(c.correct, base, options);
      return { step: c.step, adapterHash: c.adapterHash, accuracy, vsBase: { ...paired.mcnemar, difference: paired.difference.estimate } };
    });
  return { base: baseAcc, points };
}
