import { InputError } from '../data/InputError.ts';
import { checkQuestionLimit } from '../generate/checkQuestionLimit.ts';
import type { Experiment } from '../generate/Experiment.ts';
import { planRuns, type PlannedRun } from '../generate/planRuns.ts';
import { sampleIndices } from '../stats/sampleIndices.ts';

/** One cell of a study's matrix: a run of the experiment and the questions it answers. */
export interface StudyCell {
  readonly plan: PlannedRun;
  /** `experiment/run` */
  readonly label: string;
  /** The split indices it answers, ascending: a seeded slice, or the first `n`. */
  readonly indices: readonly number[];
  /** True when the run answers a slice (generated for those indices only). */
  readonly sliced: boolean;
}

export interface StudyCellsOptions {
  /** Run-name patterns (`*` is a wildcard); none = every run. */
  readonly patterns?: readonly string[];
  /** Questions in the split. */
  readonly splitSize: number;
  /** Restrict the study to the first `limit` questions (at most `splitSize`); slices are drawn from them. */
  readonly limit?: number | undefined;
  /** Told of each sliced run left out because its slice is larger than the study's questions. */
  readonly onSkip?: (skipped: SkippedCell) => void;
}

/** A sliced run that does not fit the study's questions (`--limit` below its slice). */
export interface SkippedCell {
  readonly label: string;
  readonly slice: string;
  readonly sliceSize: number;
  readonly population: number;
}

/**
 * The experiment's runs as study cells. A run with a `slice` answers `sampleIndices(population,
 * n, { seed })` of the population (the split, or its first `limit` questions): the same seeded
 * slice the small-slice finding uses, so a sliced cell and its full-dev twin can be compared.
 * A sliced run larger than the population is left out (`onSkip`), unless a pattern names it
 * exactly: then it is an InputError.
 */
export function studyCells(experiment: Experiment, options: StudyCellsOptions): StudyCell[] {
  checkQuestionLimit(options.limit, options.splitSize, experiment.split);
  const population = options.limit ?? options.splitSize;
  const all = [...Array(population).keys()];
  const named = new Set(options.patterns ?? []);
  return planRuns(experiment, options.patterns ?? []).flatMap((plan) => {
    const slice = plan.def.slice;
    const label = `${plan.experiment}/${plan.def.name}`;
    if (slice && slice.n > population) {
      if (named.has(plan.def.name)) throw new InputError(`run ${plan.def.name}: slice '${slice.name}' takes ${slice.n} questions, more than the ${population} the study covers`);
      options.onSkip?.({ label, slice: slice.name, sliceSize: slice.n, population });
      return [];
    }
    const indices = slice ? [...sampleIndices(population, slice.n, { seed: slice.seed }).indices].sort((a, b) => a - b) : all;
    return [{ plan, label, indices, sliced: slice !== null }];
  });
}
