import type { CompatMode } from '../sql/officialPreprocess.ts';
import type { ExecExample, ExecVerdict } from './ExecVerdict.ts';
import type { ExecutionEnv } from './ExecutionEnv.ts';
import { scoreExecution, scoreUnderModes, type ExecMemo } from './scoreExecution.ts';
import { prepareGold, preparePrediction, type PreparedPair, type PreprocessOptions } from '../sql/officialPreprocess.ts';
import { forEachBounded } from '../core/boundedConcurrency.ts';

export interface EvaluateExecutionOptions {
  compat?: CompatMode;
  keepDistinct?: boolean;
  /** Examples scored at once. Default 8 (the pool bounds the real parallelism). */
  concurrency?: number;
  /** Also score under the other compat mode and report which verdicts differ. Default true. */
  compareCompat?: boolean;
  /**
   * Also find the verdicts that may rest on how ORDER BY ties are broken (sql/tieOrder), in the
   * query processes, on each example's first database. Default false (it costs a few queries
   * per example with a top-level ORDER BY).
   */
  probeTieOrder?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ExecutionEvaluation {
  readonly compat: CompatMode;
  readonly verdicts: readonly ExecVerdict[];
  /** Verdicts under the other compat mode, where they differ from `verdicts` (by index). */
  readonly compatDiffs: readonly { index: number; official: ExecVerdict; strict: ExecVerdict }[] | null;
  /**
   * Where probeTieOrder asked: the examples (indices, ascending) whose verdicts may rest on
   * tie order. An example whose probe was stopped by the time limit is not listed.
   */
  readonly tieDependent: readonly number[] | null;
}

/** Scores every example (in index order in the result), a bounded number at a time. */
export async function evaluateExecution(
  examples: readonly ExecExample[],
  env: ExecutionEnv,
  options: EvaluateExecutionOptions = {},
): Promise<ExecutionEvaluation> {
  const compat = options.compat ?? 'official';
  const other: CompatMode = compat === 'official' ? 'strict' : 'official';
  const compareCompat = options.compareCompat ?? true;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const verdicts: ExecVerdict[] = new Array(examples.length);
  const diffs: { index: number; official: ExecVerdict; strict: ExecVerdict }[] = [];
  const probeTieOrder = options.probeTieOrder ?? false;
  const ties: number[] = [];
  let done = 0;
  const common = { keepDistinct: options.keepDistinct ?? false };
  const prepare = memoizedPreparation();
  await forEachBounded(examples.length, concurrency, async (i) => {
    const example = examples[i]!;
    const memo: ExecMemo = new Map();
    const mine = prepare(example.gold, example.pred, { ...common, compat });
    const theirs = compareCompat ? prepare(example.gold, example.pred, { ...common, compat: other }) : null;
    // Both modes in one request where they run the same texts (they differ only in comparing).
    const both = await scoreUnderModes(example, env, { ...common, compat, probeTieOrder }, memo, mine, theirs && sameTexts(mine, theirs) ? other : undefined);
    const v = both.verdict;
    if (both.tieOrder) ties.push(example.index);
    verdicts[i] = v;
    if (theirs) {
      const w = sameUnderBothModes(mine, theirs, v, compat) ? v : (both.other ?? (await scoreExecution(example, env, { ...common, compat: other }, memo, theirs)));
      if (w.correct !== v.correct) {
        diffs.push(compat === 'official' ? { index: example.index, official: v, strict: w } : { index: example.index, official: w, strict: v });
      }
    }
    options.onProgress?.(++done, examples.length);
  });
  diffs.sort((a, b) => a.index - b.index);
  return { compat, verdicts, compatDiffs: compareCompat ? diffs : null, tieDependent: probeTieOrder ? ties.sort((a, b) => a - b) : null };
}

/**
 * Whether the other compat mode must reach the same verdict without scoring again: both
 * modes run the same texts with the same order rule, and the verdict did not come from the
 * comparison (an execution outcome), or it is an official match (strict only drops a
 * rejection rule, so it accepts whatever official accepts).
 */
function sameUnderBothModes(a: PreparedPair, b: PreparedPair, verdict: ExecVerdict, compat: CompatMode): boolean {
  if (!sameTexts(a, b)) return false;
  switch (verdict.reason) {
    case 'match':
      return compat === 'official';
    case 'mismatch':
    case 'compare_budget':
      return false;
    case 'pred_error':
    case 'timeout':
    case 'too_large':
    case 'gold_error':
    case 'unavailable':
      return true;
  }
}

/**
 * prepareForExecution, each half computed once per text and mode within a run (Spider asks
 * most questions twice: a dev run has about half as many distinct golds as examples).
 */
function memoizedPreparation(): (gold: string, pred: string, options: PreprocessOptions) => PreparedPair {
  const golds = new Map<string, Omit<PreparedPair, 'pred'>>();
  const preds = new Map<string, string>();
  return (gold, pred, options) => {
    const mode = `${options.compat ?? 'official'}\u0000${options.keepDistinct ?? false}\u0000`;
    let g = golds.get(mode + gold);
    if (!g) golds.set(mode + gold, (g = prepareGold(gold, options)));
    let p = preds.get(mode + pred);
    if (p === undefined) preds.set(mode + pred, (p = preparePrediction(pred, options)));
    return { ...g, pred: p };
  };
}

/** Both modes run the same texts with the same order rule. */
function sameTexts(a: PreparedPair, b: PreparedPair): boolean {
  return a.gold === b.gold && a.pred === b.pred && a.orderMatters === b.orderMatters;
}
