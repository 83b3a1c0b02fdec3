import type { ExecutionEnv } from '../metrics/ExecutionEnv.ts';
import { scoreExecution, type ExecMemo, type ScoreExecutionOptions } from '../metrics/scoreExecution.ts';
import type { ExecLimits, SqlExecutor } from '../sql/ExecOutcome.ts';

/** How a query compares with the gold on one database: the verdict's reason decides, never a second comparator. */
export type Separation = 'same' | 'separates' | 'gold_error' | 'unavailable';

export interface SeparationContext {
  readonly executor: SqlExecutor;
  readonly scoring?: ScoreExecutionOptions;
  readonly limits?: Partial<ExecLimits>;
  /** Shared between calls so each (database, query) runs once. */
  readonly memo?: ExecMemo;
}

/**
 * Whether `query` returns the gold's result on the database `file`, by the project's execution
 * scoring (`scoreExecution`: the official rewrites, then `resultsEqual`). A failing gold is
 * `gold_error`; a failing query, a timeout or a different result `separates`; `unavailable` when
 * no query process could run it (nothing is known then).
 */
export async function separates(file: string, gold: string, query: string, ctx: SeparationContext): Promise<Separation> {
  const env: ExecutionEnv = { executor: ctx.executor, databases: () => [file], ...(ctx.limits ? { limits: ctx.limits } : {}) };
  const verdict = await scoreExecution({ index: 0, dbId: file, gold, pred: query }, env, ctx.scoring ?? {}, ctx.memo ?? new Map());
  if (verdict.correct) return 'same';
  if (verdict.reason === 'gold_error' || verdict.reason === 'unavailable') return verdict.reason;
  return 'separates';
}

/** Thrown when the query processes cannot run queries at all: no suite can be built then. */
export class ExecutorUnavailableError extends Error {
  override readonly name = 'ExecutorUnavailableError';
}

/** The separation, with `unavailable` turned into an ExecutorUnavailableError. */
export async function separatesOrThrow(file: string, gold: string, query: string, ctx: SeparationContext): Promise<Exclude<Separation, 'unavailable'>> {
  const s = await separates(file, gold, query, ctx);
  if (s === 'unavailable') throw new ExecutorUnavailableError(`no query process could run queries on ${file}`);
  return s;
}
