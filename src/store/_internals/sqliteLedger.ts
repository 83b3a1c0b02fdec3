import type Database from 'better-sqlite3';
import type { CachedCompletion, GenerationLedger, LedgerEntry } from '../../generate/GenerationLedger.ts';

/**
 * The ledger of one run over the store's database. Each `record` is one autocommitted
 * statement, so it is on disk (in the WAL) when it returns.
 */
export function sqliteLedger(db: Database.Database, runId: number, now: () => Date = () => new Date()): GenerationLedger {
  const completed = db.prepare<[number, number, number], { one: number }>(
    'SELECT 1 AS one FROM completions WHERE run_id = ? AND idx = ? AND sample = ? AND error IS NULL',
  );
  const lookup = db.prepare<[string], { id: number; cached_from: number | null; raw_response: string; finish_reason: string | null; prompt_tokens: number | null; completion_tokens: number | null }>(
    `SELECT id, cached_from, raw_response, finish_reason, prompt_tokens, completion_tokens FROM completions
     WHERE cache_key = ? AND error IS NULL AND raw_response IS NOT NULL ORDER BY id LIMIT 1`,
  );
  // A completion replaces an earlier failure of the same item; nothing replaces a completion.
  const insert = db.prepare(
    `INSERT INTO completions (run_id, idx, sample, cache_key, prompt_hash, decoding, raw_response, finish_reason, sql,
       extract_error, error, attempts, latency_ms, prompt_tokens, completion_tokens, cached_from, created_at)
     VALUES (@run_id, @idx, @sample, @cache_key, @prompt_hash, @decoding, @raw_response, @finish_reason, @sql,
       @extract_error, @error, @attempts, @latency_ms, @prompt_tokens, @completion_tokens, @cached_from, @created_at)
     ON CONFLICT (run_id, idx, sample) DO UPDATE SET
       cache_key = excluded.cache_key, prompt_hash = excluded.prompt_hash, decoding = excluded.decoding,
       raw_response = excluded.raw_response, finish_reason = excluded.finish_reason, sql = excluded.sql,
       extract_error = excluded.extract_error, error = excluded.error, attempts = excluded.attempts,
       latency_ms = excluded.latency_ms, prompt_tokens = excluded.prompt_tokens,
       completion_tokens = excluded.completion_tokens, cached_from = excluded.cached_from, created_at = excluded.created_at
     WHERE completions.error IS NOT NULL`,
  );
  // A run is finished only when every example below its n has a completion (or a recorded
  // failure) for every sample: a resume with a narrower --limit must not mark it done.
  const finish = db.prepare(
    `UPDATE runs SET finished_at = ? WHERE id = ?
       AND (SELECT count(*) FROM completions c WHERE c.run_id = runs.id AND c.idx < runs.n) >= runs.n * coalesce(runs.samples, 1)`,
  );

  return {
    isCompleted: (index, sample) => completed.get(runId, index, sample) !== undefined,

    lookup(cacheKey): CachedCompletion | undefined {
      const row = lookup.get(cacheKey);
      if (!row) return undefined;
      return {
        id: row.cached_from ?? row.id,
        completion: { text: row.raw_response, finishReason: row.finish_reason, promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens },
      };
    },

    record(entry: LedgerEntry): void {
      const base = {
        run_id: runId,
        idx: entry.index,
        sample: entry.sample,
        cache_key: entry.cacheKey,
        prompt_hash: entry.promptHash,
        decoding: JSON.stringify(entry.decoding),
        created_at: now().toISOString(),
      };
      switch (entry.kind) {
        case 'completion':
        case 'cached': {
          const completion = entry.kind === 'completion' ? entry.completion : entry.from.completion;
          insert.run({
            ...base,
            raw_response: completion.text,
            finish_reason: completion.finishReason,
            sql: entry.extraction.sql,
            extract_error: entry.extraction.sql === null ? entry.extraction.reason : null,
            error: null,
            attempts: entry.kind === 'completion' ? entry.attempts : 0,
            latency_ms: entry.kind === 'completion' ? entry.latencyMs : null,
            prompt_tokens: completion.promptTokens,
            completion_tokens: completion.completionTokens,
            cached_from: entry.kind === 'cached' ? entry.from.id : null,
          });
          return;
        }
        case 'failure':
          insert.run({
            ...base,
            raw_response: null,
            finish_reason: null,
            sql: null,
            extract_error: null,
            error: JSON.stringify(entry.error),
            attempts: entry.attempts,
            latency_ms: entry.latencyMs,
            prompt_tokens: null,
            completion_tokens: null,
            cached_from: null,
          });
          return;
      }
    },

    markFinished(): void {
      finish.run(now().toISOString(), runId);
    },
  };
}
