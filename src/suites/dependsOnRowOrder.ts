import { resultsEqual } from '../metrics/resultsEqual.ts';
import { prepareForExecution } from '../sql/officialPreprocess.ts';
import type { SeparationContext } from './separates.ts';

/**
 * Whether the gold's result on a database depends on the physical order of its rows: the gold
 * runs on `file` and on `reordered` (the same rows inserted in another order) and the two
 * results are compared as the evaluator compares results (`resultsEqual`, with the gold's own
 * order rule). A gold that orders by a key with ties, or takes a LIMIT over ties, can differ.
 * A gold that fails on either counts as dependent (the database is not usable).
 */
export async function dependsOnRowOrder(file: string, reordered: string, gold: string, ctx: SeparationContext): Promise<boolean> {
  const { gold: sql, orderMatters } = prepareForExecution(gold, gold, ctx.scoring ?? {});
  const [a, b] = await Promise.all([ctx.executor.execute(file, sql, ctx.limits), ctx.executor.execute(reordered, sql, ctx.limits)]);
  if (a.kind !== 'rows' || b.kind !== 'rows') return true;
  return !resultsEqual(a.rows, b.rows, { orderMatters, officialQuickReject: (ctx.scoring?.compat ?? 'official') === 'official' });
}
