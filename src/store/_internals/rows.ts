import type { GenerationError } from '../../generate/CompletionBackend.ts';
import type { DecodingSettings } from '../../generate/DecodingSettings.ts';
import type { RunConfig } from '../../generate/RunConfig.ts';
import type { RunOrigin, RunRecord, StoredOutcome } from '../RunStore.ts';

/** Raw rows as SQLite returns them, and their conversion to domain records. */
export interface RunRow {
  id: number;
  experiment: string;
  name: string;
  origin: 'generated' | 'imported';
  /** `endpointIdentity()` of the server in use (generated runs). */
  endpoint: string | null;
  config: string;
  config_hash: string;
  code_version: string;
  n: number;
  started_at: string;
  finished_at: string | null;
}

export interface CompletionRow {
  id: number;
  idx: number;
  sample: number;
  cache_key: string | null;
  prompt_hash: string | null;
  decoding: string | null;
  raw_response: string | null;
  finish_reason: string | null;
  sql: string | null;
  extract_error: string | null;
  error: string | null;
  attempts: number;
  latency_ms: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cached_from: number | null;
}

export function toRunRecord(row: RunRow): RunRecord {
  const stored = JSON.parse(row.config) as unknown;
  const origin: RunOrigin =
    row.origin === 'generated'
      ? { kind: 'generated', config: stored as RunConfig }
      : { kind: 'imported', source: stored as Record<string, unknown> };
  return {
    id: row.id,
    experiment: row.experiment,
    name: row.name,
    origin,
    configHash: row.config_hash,
    codeVersion: row.code_version,
    n: row.n,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function toOutcome(row: CompletionRow): StoredOutcome {
  if (row.error !== null) {
    return {
      kind: 'failure',
      index: row.idx,
      sample: row.sample,
      error: JSON.parse(row.error) as GenerationError,
      attempts: row.attempts,
      cacheKey: row.cache_key ?? '',
    };
  }
  return {
    kind: 'completion',
    index: row.idx,
    sample: row.sample,
    sql: row.sql,
    extractError: row.extract_error,
    completion:
      row.raw_response === null
        ? null
        : { text: row.raw_response, finishReason: row.finish_reason, promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens },
    cachedFrom: row.cached_from,
    latencyMs: row.latency_ms,
    attempts: row.attempts,
    cacheKey: row.cache_key,
    promptHash: row.prompt_hash,
    decoding: row.decoding === null ? null : (JSON.parse(row.decoding) as DecodingSettings),
  };
}
