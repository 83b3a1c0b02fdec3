// t2sql's public API, by name, in pipeline order. The CLI (src/cli) is built on these.

// data
export { resolveDataRoot, type DataRoot, type ResolveDataRootOptions } from './data/dataRoot.ts';
export { spiderPaths, type SpiderPaths } from './data/spiderPaths.ts';
export { readGoldFile, type GoldExample } from './data/goldFile.ts';
export { readPredictionFile, writePredictionFile, type Prediction } from './data/predictionFile.ts';
export { InputError } from './data/InputError.ts';
export { publishedSets } from './data/published/publishedSets.ts';
export type { PublishedSet } from './data/published/PublishedSet.ts';
export { downloadSpider } from './data/download/downloadSpider.ts';
export { downloadPublishedPredictions } from './data/download/downloadPublishedPredictions.ts';
export { ensureData } from './data/download/ensureData.ts';

// schema
export type { Schema, Table, Column, ForeignKey, CoarseType } from './schema/Schema.ts';
export { schemaFromSqlite } from './schema/schemaFromSqlite.ts';
export { schemaFromTablesJson } from './schema/schemaFromTablesJson.ts';
export { readTablesJson } from './schema/readTablesJson.ts';
export { serializeSchema, type SerializeOptions } from './schema/serializeSchema.ts';
export { readSchemaSamples } from './schema/readSchemaSamples.ts';

// prompt
export { buildPrompt, type BuiltPrompt, type PromptInput, type PromptOptions } from './prompt/buildPrompt.ts';
export type { ChatMessage } from './prompt/ChatMessage.ts';
export { extractSql, type ExtractedSql } from './prompt/extractSql.ts';
export { fewShotPool, type FewShotPool, type FewShotSelector } from './prompt/fewShotPool.ts';
export { readFewShotExamples } from './prompt/readFewShotExamples.ts';
export { schemaContext } from './prompt/schemaContext.ts';
export { qwenTokenCounter } from './prompt/qwenTokenCounter.ts';
export { estimateTokenCounter } from './prompt/estimateTokenCounter.ts';

// generate and store
export { openAiBackend } from './generate/openAiBackend.ts';
export { generateRun, type GenerationItem, type GenerationSummary } from './generate/generateRun.ts';
export { launchVllm, VllmNotFoundError, VllmStartError, type VllmServer } from './generate/launchVllm.ts';
export { loadExperiment } from './generate/parseExperiment.ts';
export { planRuns, type PlannedRun } from './generate/planRuns.ts';
export { generatePlannedRun, type GeneratePlannedRunOptions, type PlannedRunResult } from './generate/generatePlannedRun.ts';
export { openRunStore } from './store/openRunStore.ts';
export { exportRun, type ExportResult } from './store/exportRun.ts';
export { RunStoreError } from './store/RunStoreError.ts';
export type { RunStore } from './store/RunStore.ts';
export { loadRunPredictions } from './store/loadRunPredictions.ts';

// sql: execution and parsing
export { SqlitePool, type SqlitePoolOptions } from './sql/SqlitePool.ts';
export { isCacheable, type ExecOutcome, type ExecLimits, type SqlExecutor, type PairRequest, type PairOutcome, type DatabaseCheck, type RowlessOutcome } from './sql/ExecOutcome.ts';
export { resultsEqual, compareResults, type ResultsEqualOptions, type CompareOptions, type Comparison } from './sql/resultsEqual.ts';
export type { PyValue, Row } from './sql/PyValue.ts';
export { prepareForExecution, removeDistinct, type CompatMode } from './sql/officialPreprocess.ts';
export { FileGoldCache } from './sql/FileGoldCache.ts';
export { parseSpiderSql } from './sql/parse/parseSpiderSql.ts';
export { loadParserSchema } from './sql/parse/loadParserSchema.ts';
export { foreignKeyMaps } from './sql/parse/foreignKeyMaps.ts';

// metrics
export { scoreExecution } from './metrics/scoreExecution.ts';
export { evaluateExecution } from './metrics/evaluateExecution.ts';
export type { ExecVerdict, ExecReason, ExecExample, UnavailableVerdict } from './metrics/ExecVerdict.ts';
export { ExecutionUnavailableError } from './metrics/ExecutionUnavailableError.ts';
export { exactMatch, scoreExactMatch } from './metrics/exactMatch.ts';
export { hardness, type Hardness } from './metrics/hardness.ts';
export { summarizeExactMatch } from './metrics/partialScores.ts';

// evaluate: files in, verdicts and provenance out
export { evaluateRun, loadGold, type EvaluationResult } from './evaluate/evaluateRun.ts';
export { buildEvaluationReport, type EvaluationReport, type VerdictRecord } from './evaluate/evaluationReport.ts';
export { prepareReportDir, writeEvaluationReport } from './evaluate/writeEvaluationReport.ts';
export { evaluateRunsCached, type RunSource } from './evaluate/evaluateRunsCached.ts';
export { sliceRun, type EvaluatedRun } from './evaluate/EvaluatedRun.ts';

// stats
export {
  bootstrapAccuracy,
  clusterBootstrapAccuracy,
  wilsonInterval,
  pairedBootstrap,
  pairedComparison,
  equivalenceTest,
  mcnemarExact,
  clusteredMcnemar,
  signFlipTest,
  holm,
  benjaminiHochberg,
  mcnemarPower,
  mcnemarMde,
  mcnemarSampleSize,
  sampleIndices,
  DEFAULTS,
} from './stats/index.ts';

// claims
export { better, notBetter, tied, notTied, ladder, notLadder, accuracyWithin, identical, describeClaim, type Claim, type ClaimOptions, type Target } from './claims/Claim.ts';
export type { ClaimResult } from './claims/ClaimResult.ts';
export { evaluateClaims, evaluateClaim } from './claims/evaluateClaims.ts';
export { assertClaim, formatClaimResult, ClaimError } from './claims/formatClaimResult.ts';
export { claimMatchers } from './claims/matchers/index.ts';
export { publishedRunSources } from './claims/publishedRunSources.ts';

// train: Spider train → SFT set → trainer/train.py → registered adapter → learning curve
export { buildSftDataset, type SftOptions, type SftExample, type SftDataset, type SftSourceName, type OverBudgetExample } from './train/buildSftDataset.ts';
export { writeSftDataset, readManifest, type SftManifest, type WrittenSftDataset } from './train/writeSftDataset.ts';
export { DevDatabaseInTrainingError } from './train/DevDatabaseInTrainingError.ts';
export { trainAdapter, scoringCommands, sftDataDir, type TrainAdapterSetup, type TrainAdapterResult } from './train/trainAdapter.ts';
export { trainRunConfig, adapterName, readRunConfigOverrides, type TrainSettings } from './train/trainRunConfig.ts';
export { runTrainer, type RunTrainerOptions, type TrainerOutcome } from './train/runTrainer.ts';
export { parseTrainerEvent, type TrainerEvent, type TrainerErrorKind, type TrainPlan } from './train/TrainerEvent.ts';
export { findPython, type FoundPython, type PythonChoice, type PythonProblem } from './train/findPython.ts';
export { learningCurve, type LearningCurve, type LearningCurvePoint, type ScoredCheckpoint } from './train/learningCurve.ts';
export { scoreCheckpoints, type ScoreCheckpointsSetup, type ScoredCurve, type ScoringServer, type CheckpointAdapter } from './train/scoreCheckpoints.ts';
export { scoreTrainingRun, type ScoreTrainingRunSetup } from './train/scoreTrainingRun.ts';
export { openAdapterRegistry, type AdapterRegistry, type AdapterRecord, type NewAdapter } from './store/openAdapterRegistry.ts';

export { t2sqlVersion } from './version.ts';
