import { evaluateRun } from '../evaluate/evaluateRun.ts';
import type { GoldResultCache } from '../metrics/ExecutionEnv.ts';
import { ExecutionUnavailableError } from '../metrics/ExecutionUnavailableError.ts';
import type { SqlExecutor } from '../sql/ExecOutcome.ts';
import type { RunStore } from '../store/RunStore.ts';
import type { StudyCell } from './studyCells.ts';

export interface ScoreCellSetup {
  readonly store: RunStore;
  readonly dataRoot: string;
  readonly executor: SqlExecutor;
  readonly goldCache?: GoldResultCache;
}

/**
 * Execution accuracy of a generated cell on its questions (sample 0), through the evaluator
 * (`evaluateRun`, official compat), recorded in the run store as metric `ex`; returns the accuracy.
 * Examples the query processes could not run leave the cell unscored (ExecutionUnavailableError).
 */
export async function scoreStudyCell(cell: StudyCell, runId: number, s: ScoreCellSetup): Promise<number> {
  const limit = (cell.indices.at(-1) ?? 0) + 1;
  const predictions = s.store.predictions(runId).slice(0, limit);
  // Questions outside a slice are not asked; they are scored as empty predictions and left out.
  while (predictions.length < limit) predictions.push({ index: predictions.length, sql: '' });
  const result = await evaluateRun({
    dataRoot: s.dataRoot,
    split: cell.plan.split,
    predictionFile: null,
    predictions,
    limit,
    metrics: ['ex'],
    executor: s.executor,
    ...(s.goldCache ? { goldCache: s.goldCache } : {}),
  });
  if (result.unavailable.length > 0) throw new ExecutionUnavailableError(cell.label, result.unavailable, result.verdicts.length);
  const correct = new Map(result.verdicts.map((v) => [v.index, v.correct]));
  const scores = cell.indices.map((index) => ({ index, sample: 0, value: correct.get(index) ? 1 : 0 }));
  s.store.recordScores(runId, 'ex', scores);
  return scores.reduce((a, x) => a + x.value, 0) / scores.length;
}
