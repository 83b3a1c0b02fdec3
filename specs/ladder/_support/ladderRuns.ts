import path from 'node:path';
import { publishedRunSources } from '../../../src/claims/publishedRunSources.ts';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import type { EvaluatedRun } from '../../../src/evaluate/EvaluatedRun.ts';
import { evaluateRunsCached } from '../../../src/evaluate/evaluateRunsCached.ts';

// Every published set a ladder spec uses (the global setup checks and pre-scores them all), in
// its one home: the report requires the claims to cover the same sets.
export { FT_SIZE_SERIES, LADDER_SETS } from '../../../src/report/ladderSets.ts';

export function ladderDataRoot(): string {
  return resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
}

/** $T2SQL_HOME, where the ladder's gold results and run verdicts are cached. */
export function ladderHome(): string {
  return path.resolve(process.env.T2SQL_HOME ?? '.t2sql');
}

/** Verdicts of the named published sets (scored once, then read from the on-disk cache). */
export async function ladderRuns(names: readonly string[]): Promise<Map<string, EvaluatedRun>> {
  const root = ladderDataRoot();
  const { present, missing } = publishedRunSources(root, names);
  if (missing.length > 0) {
    throw new Error(`published predictions missing under ${root}: ${missing.join(', ')} (run: npx t2sql data predictions)`);
  }
  return evaluateRunsCached(present, { dataRoot: root, home: ladderHome() });
}
