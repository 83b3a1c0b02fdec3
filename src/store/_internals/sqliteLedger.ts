import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type Database from 'better-sqlite3';
import type { CachedCompletion, ClaimResult, GenerationLedger, LedgerEntry } from '../../generate/GenerationLedger.ts';
import { processAlive } from './processAlive.ts';
import { guarded } from './storeFailure.ts';

export interface SqliteLedgerOptions {
  readonly file: string;
  /** How long a lease lives unrenewed; its holder renews it every third of that. */
  readonly leaseTtlMs: number;
  readonly now?: () => Date;
  /** The server this process generates with, recorded with its completions (default: the run's). */
  readonly endpoint?: string;
}

/**
 * The ledger of one run over the store's database. Each `record` is one committed transaction,
 * so it is on disk (in the WAL) when it returns. Leases (one row per item being requested) keep
 * two processes on one run from requesting the same completion; the lease of a process that died
 * on this host is taken over at once, any other after `leaseTtlMs` without renewal.
 */
export function sqliteLedger(db: Database.Database, runId: number, options: SqliteLedgerOptions): GenerationLedger {
  const now = options.now ?? (() => new Date());
  const host = os.hostname();
  const owner = `${host}:${process.pid}:${randomUUID()}`;
  // Failures recorded after this moment were recorded by another process during this generation.
  const since = now().toISOString();
  const endpoint = options.endpoint ?? db.prepare<[number], { endpoint: string | null }>('SELECT endpoint FROM runs WHERE id = ?').get(runId)?.endpoint ?? null;
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
       extract_error, error, attempts, latency_ms, prompt_tokens, completion_tokens, cached_from, created_at, endpoint)
     VALUES (@run_id, @idx, @sample, @cache_key, @prompt_hash, @decoding, @raw_response, @finish_reason, @sql,
       @extract_error, @error, @attempts, @latency_ms, @prompt_tokens, @completion_tokens, @cached_from, @created_at, @endpoint)
     ON CONFLICT (run_id, idx, sample) DO UPDATE SET
       cache_key = excluded.cache_key, prompt_hash = excluded.prompt_hash, decoding = excluded.decoding,
       raw_response = excluded.raw_response, finish_reason = excluded.finish_reason, sql = excluded.sql,
       extract_error = excluded.extract_error, error = excluded.error, attempts = excluded.attempts,
       latency_ms = excluded.latency_ms, prompt_tokens = excluded.prompt_tokens,
       completion_tokens = excluded.completion_tokens, cached_from = excluded.cached_from,
       created_at = excluded.created_at, endpoint = excluded.endpoint
     WHERE completions.error IS NOT NULL`,
  );
  const failedSince = db.prepare<[number, number, number, string], { one: number }>(
    'SELECT 1 AS one FROM completions WHERE run_id = ? AND idx = ? AND sample = ? AND error IS NOT NULL AND created_at >= ?',
  );
  const lease = db.prepare<[number, number, number], { owner: string; host: string; pid: number; expires_at: number }>(
    'SELECT owner, host, pid, expires_at FROM leases WHERE run_id = ? AND idx = ? AND sample = ?',
  );
  const takeLease = db.prepare(
    `INSERT INTO leases (run_id, idx, sample, owner, host, pid, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, idx, sample) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid, expires_at = excluded.expires_at`,
  );
  const endLease = db.prepare('DELETE FROM leases WHERE run_id = ? AND idx = ? AND sample = ? AND owner = ?');
  const renew = db.prepare('UPDATE leases SET expires_at = ? WHERE owner = ?');
  const releaseAll = db.prepare('DELETE FROM leases WHERE owner = ?');
  // Finished means every example below n has a completion for every sample: failures and a
  // resume with a narrower --limit leave it unfinished.
  const finish = db.prepare(
    `UPDATE runs SET finished_at = coalesce(finished_at, ?) WHERE id = ?
       AND (SELECT count(*) FROM completions c WHERE c.run_id = runs.id AND c.error IS NULL
              AND c.sample < coalesce(runs.samples, 1)) >= runs.n * coalesce(runs.samples, 1)`,
  );

  let renewal: NodeJS.Timeout | null = null;
  const stopRenewal = (): void => {
    if (renewal) clearInterval(renewal);
    renewal = null;
  };
  const startRenewal = (): void => {
    if (renewal) return;
    renewal = setInterval(() => {
      try {
        renew.run(now().getTime() + options.leaseTtlMs, owner);
      } catch {
        // The store closed or broke under us: the leases lapse on their own, which is the point.
        stopRenewal();
      }
    }, Math.max(10, Math.floor(options.leaseTtlMs / 3)));
    renewal.unref();
  };

  const claim = db.transaction((index: number, sample: number): ClaimResult => {
    if (completed.get(runId, index, sample)) return { kind: 'completed' };
    if (failedSince.get(runId, index, sample, since)) return { kind: 'failed' };
    const held = lease.get(runId, index, sample);
    const nowMs = now().getTime();
    if (held && held.owner !== owner && held.expires_at > nowMs && !(held.host === host && !processAlive(held.pid))) {
      return { kind: 'held', by: { host: held.host, pid: held.pid } };
    }
    takeLease.run(runId, index, sample, owner, host, process.pid, nowMs + options.leaseTtlMs);
    startRenewal();
    return { kind: 'claimed' };
  });

  const commit = db.transaction((row: Record<string, unknown>) => {
    insert.run(row);
    endLease.run(runId, row.idx, row.sample, owner);
  });

  const g = <T>(fn: () => T): T => guarded(options.file, fn);

  return {
    isCompleted: (index, sample) => g(() => completed.get(runId, index, sample) !== undefined),

    claim: (index, sample) => g(() => claim.immediate(index, sample)),

    releaseClaims(): void {
      stopRenewal();
      g(() => releaseAll.run(owner));
    },

    lookup(cacheKey): CachedCompletion | undefined {
      const row = g(() => lookup.get(cacheKey));
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
        endpoint,
      };
      switch (entry.kind) {
        case 'completion':
        case 'cached': {
          const completion = entry.kind === 'completion' ? entry.completion : entry.from.completion;
          g(() =>
            commit.immediate({
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
            }),
          );
          return;
        }
        case 'failure':
          g(() =>
            commit.immediate({
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
            }),
          );
          return;
      }
    },

    markFinished(): void {
      g(() => finish.run(now().toISOString(), runId));
    },
  };
}
