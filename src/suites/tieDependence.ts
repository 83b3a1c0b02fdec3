import { mapBounded } from '../core/boundedConcurrency.ts';
import type { SqlExecutor } from '../sql/ExecOutcome.ts';
import { prepareForExecution, type PreprocessOptions } from '../sql/officialPreprocess.ts';
import { orderTies } from './orderTies.ts';

/** One scored example on the database that decided (or would decide) its verdict. */
export interface TieProbe {
  readonly index: number;
  readonly file: string;
  readonly gold: string;
  readonly pred: string;
}

const ORDERED = /\border\s+by\b/i;
const LIMITED = /\blimit\b/i;

/**
 * Whether the verdict on one example rests on how its ORDER BY ties are broken, which SQLite
 * versions do differently (orderTies): the gold's ties matter when the comparison keeps row
 * order (the gold orders); the prediction's when row order is compared or it takes a LIMIT
 * over them (another engine may keep another row). Prediction 132 of resdsql-3b on car_1
 * orders groups by a `count(*)` that is 1 for each and keeps one.
 */
export async function tieDependent(probe: TieProbe, executor: SqlExecutor, scoring: PreprocessOptions = {}): Promise<boolean> {
  const goldOrders = ORDERED.test(probe.gold);
  const predOrders = ORDERED.test(probe.pred);
  if (!goldOrders && !predOrders) return false;
  const { orderMatters } = prepareForExecution(probe.gold, probe.pred, scoring);
  const asks = [
    goldOrders && orderMatters ? probe.gold : null,
    predOrders && (orderMatters || LIMITED.test(probe.pred)) ? probe.pred : null,
  ].filter((q): q is string => q !== null);
  const ties = await Promise.all(asks.map((sql) => orderTies(probe.file, sql, executor)));
  return ties.some((t) => t.kind === 'ties');
}

/** The indices of the examples whose verdicts rest on tie order (tieDependent), in index order. */
export async function tieDependentExamples(probes: readonly TieProbe[], executor: SqlExecutor, scoring: PreprocessOptions = {}): Promise<number[]> {
  const flags = await mapBounded(probes, 16, (p) => tieDependent(p, executor, scoring));
  return probes.filter((_, i) => flags[i]).map((p) => p.index).sort((a, b) => a - b);
}
