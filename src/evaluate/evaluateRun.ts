import path from 'node:path';
import { readGoldInput, type GoldExample } from '../data/goldFile.ts';
import { InputError } from '../data/InputError.ts';
import { readPredictionInput, type Prediction } from '../data/predictionFile.ts';
import type { ParsedInput } from '../data/readTextFile.ts';
import { spiderRepairCommand } from '../data/repairCommand.ts';
import { listDatabaseIds } from '../data/spiderDatabases.ts';
import { spiderPaths } from '../data/spiderPaths.ts';
import { checkSpiderData } from '../schema/checkSpiderData.ts';
import type { ExecVerdict, UnavailableVerdict } from '../metrics/ExecVerdict.ts';
import type { GoldResultCache } from '../metrics/ExecutionEnv.ts';
import { evaluateExecution } from '../metrics/evaluateExecution.ts';
import { summarizeExecution, type ExecutionSummary } from '../metrics/summarizeExecution.ts';
import type { ExecLimits, SqlExecutor } from '../sql/ExecOutcome.ts';
import type { CompatMode } from '../sql/officialPreprocess.ts';
import { ResultMemo, type SharedResults } from '../sql/ResultMemo.ts';
import type { PairOutcome } from '../sql/ExecOutcome.ts';
import { buildProvenance, type Provenance } from './Provenance.ts';
import { scoreExactMatchRunInterleaved, type ExactMatchRun } from './scoreExactMatchRun.ts';
import { suiteDatabases, type SuiteRequest, type SuiteSummary } from './suiteDatabases.ts';
import { SUITE_GENERATOR_VERSION } from '../suites/SuiteManifest.ts';

export type Split = 'dev' | 'train';

/** ex: execution accuracy; em: exact set match (with hardness and partial scores). */
export type Metric = 'ex' | 'em';

export interface EvaluationSettings {
  compat: CompatMode;
  keepDistinct: boolean;
  limits: Partial<ExecLimits>;
}

export interface EvaluationResult {
  readonly verdicts: readonly ExecVerdict[];
  readonly summary: ExecutionSummary;
  /**
   * Examples that could not be scored (no query process could start, the pool was closed).
   * When any, the run failed: its numbers are not a score, and a caller reports an error.
   */
  readonly unavailable: readonly UnavailableVerdict[];
  /** EX under the other compat mode and the examples whose verdict differs between modes. */
  readonly compat: {
    readonly mode: CompatMode;
    readonly official: number;
    readonly strict: number;
    readonly differing: readonly number[];
  };
  readonly provenance: Provenance;
  /** Present when 'em' was asked for. */
  readonly exactMatch: ExactMatchRun | null;
  /** The suite each example was scored on and what it changed (EX on the original database beside). */
  readonly suite: SuiteSummary;
  /** Examples whose verdict may rest on how ORDER BY ties are broken (the pair check's tie probe, sql/tieOrder). */
  readonly tieDependent: readonly number[];
}

export interface EvaluateRunInput {
  readonly dataRoot: string;
  readonly split?: Split;
  /** Gold file; default `<root>/spider/<split>_gold.sql`. */
  readonly goldFile?: string;
  /** The prediction file, or predictions already in memory (then `predictionFile` is null). */
  readonly predictionFile: string | null;
  readonly predictions?: readonly Prediction[];
  readonly limit?: number;
  /** Default ['ex']. */
  readonly metrics?: readonly Metric[];
  readonly settings?: Partial<EvaluationSettings>;
  readonly executor: SqlExecutor;
  readonly goldCache?: GoldResultCache;
  /** Pair checks shared across runs in this process (see sql/ResultMemo); default: one for this run. */
  readonly resultMemo?: SharedResults<PairOutcome>;
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Which databases each example is scored on (evaluate/suiteDatabases); default `official`: every `.sqlite` of `database/<db_id>/`. */
  readonly suite?: SuiteRequest;
}

/** Loads and checks the gold file of a split against the databases under the data root. */
export function loadGold(dataRoot: string, split: Split = 'dev', goldFile?: string): GoldExample[] {
  return readGold(dataRoot, split, goldFile).value;
}

function readGold(dataRoot: string, split: Split, goldFile?: string): ParsedInput<GoldExample[]> {
  const paths = spiderPaths(dataRoot);
  const file = goldFile ?? (split === 'dev' ? paths.devGold : paths.trainGold);
  const known = listDatabaseIds(paths);
  if (known.size === 0) {
    throw new InputError(`no Spider databases under ${paths.databaseDir} (run: ${spiderRepairCommand(dataRoot)})`, { file: paths.databaseDir });
  }
  return readGoldInput(file, { knownDbIds: known });
}

/**
 * Scores a prediction file (or in-memory predictions) against Spider gold with execution
 * accuracy, and records what produced the numbers. Every input is read once and checked before
 * anything is scored: the gold, the predictions, `tables.json` and each database file used.
 */
export async function evaluateRun(input: EvaluateRunInput): Promise<EvaluationResult> {
  const paths = spiderPaths(input.dataRoot);
  const split = input.split ?? 'dev';
  const goldFile = input.goldFile ?? (split === 'dev' ? paths.devGold : paths.trainGold);
  const { value: allGold, sha256: goldSha256 } = readGold(input.dataRoot, split, goldFile);
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > allGold.length)) {
    throw new InputError(`--limit ${input.limit} is outside 1 to ${allGold.length}, the number of gold examples`, { file: goldFile });
  }
  const n = input.limit ?? allGold.length;
  const limitOption = input.limit !== undefined ? { limit: input.limit } : {};
  const read = input.predictions
    ? { value: input.predictions, sha256: null }
    : input.predictionFile
      ? readPredictionInput(input.predictionFile, { gold: allGold, ...limitOption })
      : { value: [], sha256: null };
  const predictions = read.value;
  if (predictions.length < n) {
    throw new InputError(`${predictions.length} predictions for ${n} examples`, { file: input.predictionFile ?? '(predictions)' });
  }
  const gold = allGold.slice(0, n);
  const suites = checkSpiderData(paths, input.dataRoot, gold, goldFile);
  const settings: EvaluationSettings = {
    compat: input.settings?.compat ?? 'official',
    keepDistinct: input.settings?.keepDistinct ?? false,
    limits: input.settings?.limits ?? {},
  };
  const suite = await suiteDatabases(input.suite ?? { mode: 'official' }, gold, suites, { executor: input.executor, ...settings });
  const databases = (dbId: string) => suite.databasesOf(dbId);
  const databaseFiles = suite.mode === 'official' ? [...suites.values()].flat() : [...suite.originals];
  // While the query processes boot, the parent is idle: load the cached gold results now.
  input.goldCache?.preload?.(databaseFiles);
  const metrics = input.metrics ?? ['ex'];
  // Exact match is CPU work in this thread; it runs while the pool executes queries.
  // Settled into a value at once, so a failure cannot surface as an unhandled rejection
  // while execution is still running; it is rethrown below.
  const exactMatchPending: Promise<{ ok: ExactMatchRun | null } | { error: unknown }> = metrics.includes('em')
    ? scoreExactMatchRunInterleaved(
        gold.map((g, i) => ({ goldSql: g.sql, predSql: predictions[i]!.sql, dbId: g.dbId })),
        paths,
      ).then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error }),
      )
    : Promise.resolve({ ok: null });
  const evaluation = await evaluateExecution(
    gold.map((g, i) => ({ index: g.index, dbId: g.dbId, gold: g.sql, pred: predictions[i]!.sql, databases: suite.databasesOf(g.dbId, g.index) })),
    {
      executor: input.executor,
      databases,
      limits: settings.limits,
      ...(input.goldCache ? { goldCache: input.goldCache } : {}),
      resultMemo: input.resultMemo ?? new ResultMemo<PairOutcome>(),
    },
    {
      compat: settings.compat,
      keepDistinct: settings.keepDistinct,
      probeTieOrder: true,
      ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    },
  );
  const verdicts = suite.relabel(evaluation.verdicts);
  const summary = summarizeExecution(verdicts);
  const differing = (evaluation.compatDiffs ?? []).map((d) => d.index);
  const strictGain = (evaluation.compatDiffs ?? []).reduce((acc, d) => acc + (d.strict.correct ? 1 : 0) - (d.official.correct ? 1 : 0), 0);
  const official = settings.compat === 'official' ? summary.correct : summary.correct - strictGain;
  const strict = official + strictGain;
  const em = await exactMatchPending;
  if ('error' in em) throw em.error;
  const exactMatch = em.ok;
  const provenance = buildProvenance({
    settings: {
      metric: metrics.join(','),
      split,
      n,
      compat: settings.compat,
      keepDistinct: settings.keepDistinct,
      timeoutMs: settings.limits.timeoutMs ?? null,
      maxRows: settings.limits.maxRows ?? null,
      maxBytes: settings.limits.maxBytes ?? null,
      suite: suite.mode,
      ...(suite.mode === 'generated' ? { suiteGenerator: SUITE_GENERATOR_VERSION, suiteSeed: input.suite?.seed ?? 0 } : {}),
    },
    gold: { path: path.resolve(goldFile), sha256: goldSha256 },
    predictions: input.predictionFile && read.sha256 !== null ? { path: path.resolve(input.predictionFile), sha256: read.sha256 } : null,
    databaseFiles,
  });
  return {
    verdicts,
    summary,
    unavailable: evaluation.verdicts.filter((v): v is UnavailableVerdict => v.reason === 'unavailable'),
    compat: { mode: settings.compat, official: n ? official / n : 0, strict: n ? strict / n : 0, differing },
    provenance,
    exactMatch,
    suite: suite.summarize(verdicts),
    tieDependent: evaluation.tieDependent ?? [],
  };
}
