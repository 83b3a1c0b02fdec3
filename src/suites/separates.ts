import type { ExecutionEnv } from '../metrics/ExecutionEnv.ts';
import { ExecutionUnavailableError } from '../metrics/ExecutionUnavailableError.ts';
import type { ExecVerdict } from '../metrics/ExecVerdict.ts';
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
  return separationOf(await verdictOn(file, gold, query, ctx));
}

/**
 * The separation, with `unavailable` thrown as the project's ExecutionUnavailableError (the
 * CLI prints it as one line): no suite or counterexample can be made without query processes.
 */
export async function separatesOrThrow(file: string, gold: string, query: string, ctx: SeparationContext): Promise<Exclude<Separation, 'unavailable'>> {
  const verdict = await verdictOn(file, gold, query, ctx);
  if (verdict.reason === 'unavailable') throw new ExecutionUnavailableError(file, [verdict], 1);
  return separationOf(verdict) as Exclude<Separation, 'unavailable'>;
}

function verdictOn(file: string, gold: string, query: string, ctx: SeparationContext): Promise<ExecVerdict> {
  const env: ExecutionEnv = { executor: ctx.executor, databases: () => [file], ...(ctx.limits ? { limits: ctx.limits } : {}) };
  return scoreExecution({ index: 0, dbId: file, gold, pred: query }, env, ctx.scoring ?? {}, ctx.memo ?? new Map());
}

function separationOf(verdict: ExecVerdict): Separation {
  if (verdict.correct) return 'same';
  if (verdict.reason === 'gold_error' || verdict.reason === 'unavailable') return verdict.reason;
  return 'separates';
}
