import type { Prediction } from '../data/predictionFile.ts';
import type { CompletionText, GenerationError } from '../generate/CompletionBackend.ts';
import type { DecodingSettings } from '../generate/DecodingSettings.ts';
import type { GenerationLedger } from '../generate/GenerationLedger.ts';
import type { BeginRunOptions, BegunRun, GenerationStore } from '../generate/GenerationStore.ts';
import type { RunConfig } from '../generate/RunConfig.ts';

/** What made a run: generation with a config, or a prediction file imported as is. */
export type RunOrigin =
  | { readonly kind: 'generated'; readonly config: RunConfig }
  | { readonly kind: 'imported'; readonly source: Readonly<Record<string, unknown>> };

export interface RunRecord {
  readonly id: number;
  readonly experiment: string;
  readonly name: string;
  readonly origin: RunOrigin;
  /** `runConfigHash()` for generated runs; a hash of the predictions and source for imports. */
  readonly configHash: string;
  /** t2sql version (and git revision when known) that produced the run. */
  readonly codeVersion: string;
  /** Examples the run covers (the first n of the split). */
  readonly n: number;
  readonly startedAt: string;
  /** Set when every example has a completion: null while some example lacks one or failed. */
  readonly finishedAt: string | null;
}

/**
 * finished: every example has a completion. failures: every example settled, some requests
 * failed (recorded; generating again retries them). partial: some examples not settled yet.
 */
export type RunStatus = 'finished' | 'failures' | 'partial';

export interface RunSummary extends RunRecord {
  readonly status: RunStatus;
  /** Endpoints whose completions the run holds (more than one only after an allowed endpoint change). */
  readonly endpoints: readonly string[];
  readonly completed: number;
  readonly failed: number;
  /** Completions replayed from the cache (no request, no cost, no latency). */
  readonly cached: number;
  /** Completions whose text held no SQL. */
  readonly noSql: number;
  /** Mean request latency of fetched (not cached) completions, ms. */
  readonly meanLatencyMs: number | null;
  /** Tokens of fetched completions only. */
  readonly tokens: { readonly prompt: number; readonly completion: number };
}

/** One stored outcome of a run. */
export type StoredOutcome =
  | {
      readonly kind: 'completion';
      readonly index: number;
      readonly sample: number;
      /** Extracted SQL, or null with `extractError` saying why. */
      readonly sql: string | null;
      readonly extractError: string | null;
      /** The model's text; null for imported predictions. */
      readonly completion: CompletionText | null;
      /** Id of the completion it replays, when served from the cache. */
      readonly cachedFrom: number | null;
      readonly latencyMs: number | null;
      readonly attempts: number;
      readonly cacheKey: string | null;
      readonly promptHash: string | null;
      readonly decoding: DecodingSettings | null;
    }
  | {
      readonly kind: 'failure';
      readonly index: number;
      readonly sample: number;
      readonly error: GenerationError;
      readonly attempts: number;
      readonly cacheKey: string;
    };

export type { BeginRunOptions };

export interface ImportPredictionsInput {
  readonly experiment: string;
  readonly name: string;
  readonly predictions: readonly Prediction[];
  /** Where the file came from (path, repository, commit, …), kept with the run. */
  readonly source: Readonly<Record<string, unknown>>;
  readonly codeVersion: string;
  readonly now?: Date;
}

export interface Score {
  readonly index: number;
  readonly sample: number;
  readonly value: number;
}

/**
 * The run store: runs, their completions (also the completion cache) and scores, in one SQLite
 * file. Every write is committed when the call returns.
 */
export interface RunStore extends GenerationStore {
  readonly file: string;
  /**
   * Starts the run `config.experiment`/`config.name`, or resumes it when it exists with the same
   * settings. Throws `RunConflictError` when the name is taken by different settings, or when
   * the run was generated against another endpoint and `allowEndpointChange` is not set.
   */
  beginRun(config: RunConfig, options: BeginRunOptions): BegunRun & { readonly run: RunRecord };
  /** The generation ledger of one run (resume checks, cache lookups, commits). */
  ledger(runId: number, options?: { readonly endpoint?: string }): GenerationLedger;
  findRun(experiment: string, name: string): RunRecord | null;
  listRuns(filter?: { readonly experiment?: string }): RunSummary[];
  outcomes(runId: number): StoredOutcome[];
  /**
   * The run as predictions in index order, one per example of sample `sample` (default 0):
   * the extracted SQL, or '' where the model gave none or the request failed.
   */
  predictions(runId: number, options?: { readonly sample?: number }): Prediction[];
  /** Stores a prediction file as a finished run; importing the same file again is a no-op. */
  importPredictions(input: ImportPredictionsInput): RunRecord;
  /** Removes a run, its outcomes and scores (cached copies in other runs keep their text). */
  deleteRun(runId: number): void;
  recordScores(runId: number, metric: string, scores: readonly Score[]): void;
  scores(runId: number, metric: string): Score[];
  close(): void;
}
