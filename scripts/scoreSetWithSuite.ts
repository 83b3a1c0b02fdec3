// One published set scored on the original databases and on generated suites, as
// `t2sql eval --suite generated` does; shared by scripts/testSuiteProof.ts and bench:suites.
import { publishedSetPaths } from '../src/data/spiderPaths.ts';
import { evaluateRun, type EvaluationResult } from '../src/evaluate/evaluateRun.ts';
import type { PairOutcome } from '../src/sql/ExecOutcome.ts';
import type { FileGoldCache } from '../src/sql/FileGoldCache.ts';
import type { ResultMemo } from '../src/sql/ResultMemo.ts';
import type { SqlitePool } from '../src/sql/SqlitePool.ts';

export interface SuiteScoring {
  readonly root: string;
  readonly pool: SqlitePool;
  readonly goldCache: FileGoldCache;
  readonly resultMemo: ResultMemo<PairOutcome>;
  readonly suitesDir: string;
  readonly seed: number;
}

/** Scores `set` with EX on its generated suites; throws if test-suite EX were above EX on the original database. */
export async function scoreSetWithSuite(set: string, s: SuiteScoring): Promise<EvaluationResult> {
  const r = await evaluateRun({
    dataRoot: s.root,
    predictionFile: publishedSetPaths(s.root, set).pred,
    metrics: ['ex'],
    executor: s.pool,
    goldCache: s.goldCache,
    resultMemo: s.resultMemo,
    concurrency: s.pool.capacity,
    suite: { mode: 'generated', suitesDir: s.suitesDir, seed: s.seed },
  });
  if (r.suite.exSuite > r.suite.exOriginal) throw new Error(`${set}: test-suite EX ${r.suite.exSuite} is above EX on the original database ${r.suite.exOriginal}`);
  return r;
}
