import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Prediction } from '../data/predictionFile.ts';
import { runConfigHash, type RunConfig } from '../generate/RunConfig.ts';
import type { BegunRun } from '../generate/GenerationStore.ts';
import { RunConflictError } from './RunConflictError.ts';
import type { BeginRunOptions, ImportPredictionsInput, RunRecord, RunStatus, RunStore, RunSummary, Score, StoredOutcome } from './RunStore.ts';
import { checkSchemaVersion, migrate } from './_internals/migrate.ts';
import { retryWhileBusy } from './_internals/retryWhileBusy.ts';
import { toOutcome, toRunRecord, type CompletionRow, type RunRow } from './_internals/rows.ts';
import { sqliteLedger } from './_internals/sqliteLedger.ts';
import { guarded, storeFailure } from './_internals/storeFailure.ts';

export interface OpenRunStoreOptions {
  /** Open without writing (no migration); the file must exist. */
  readonly readonly?: boolean;
  /** How long an item's lease outlives its holder's last renewal (default 60 s). */
  readonly leaseTtlMs?: number;
}

/**
 * Opens (creating if needed) the run store at `file`, in WAL mode so a reader (`t2sql runs`)
 * never blocks a generating process, with `synchronous = NORMAL`: in WAL mode a commit survives
 * the process being killed; only an OS crash could lose the last few.
 */
export function openRunStore(file: string, options: OpenRunStoreOptions = {}): RunStore {
  const readonly = options.readonly ?? false;
  if (!readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, readonly ? { readonly: true, fileMustExist: true } : {});
  } catch (err) {
    throw storeFailure(err, file);
  }
  try {
    db.pragma('busy_timeout = 10000');
    retryWhileBusy(() => {
      if (readonly) checkSchemaVersion(db, file);
      else {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        migrate(db, file);
      }
      // Reads the schema, so a file that is not SQLite or lost its pages fails here, not later.
      db.prepare('SELECT count(*) FROM runs').get();
    });
  } catch (err) {
    db.close();
    throw storeFailure(err, file);
  }
  return new SqliteRunStore(db, file, options.leaseTtlMs ?? 60_000);
}

class SqliteRunStore implements RunStore {
  constructor(
    private readonly db: Database.Database,
    readonly file: string,
    private readonly leaseTtlMs: number,
  ) {}

  /** Every read and write: a store that breaks while in use is a RunStoreError too. */
  private g<T>(fn: () => T): T {
    return guarded(this.file, fn);
  }

  private runRow(experiment: string, name: string): RunRow | undefined {
    return this.db.prepare<[string, string], RunRow>('SELECT * FROM runs WHERE experiment = ? AND name = ?').get(experiment, name);
  }

  beginRun(config: RunConfig, options: BeginRunOptions): BegunRun & { run: RunRecord } {
    const hash = runConfigHash(config);
    const now = (options.now ?? new Date()).toISOString();
    const begin = this.db.transaction((): BegunRun & { run: RunRecord } => {
      const existing = this.runRow(config.experiment, config.name);
      if (existing) {
        if (existing.origin !== 'generated') throw new RunConflictError(config.experiment, config.name, { kind: 'imported' });
        if (existing.config_hash !== hash) throw new RunConflictError(config.experiment, config.name, { kind: 'settings', differ: differingSettings(JSON.parse(existing.config) as RunConfig, config) });
        const moved = existing.endpoint !== null && existing.endpoint !== config.endpoint;
        if (moved && !options.allowEndpointChange) {
          throw new RunConflictError(config.experiment, config.name, { kind: 'endpoint', stored: existing.endpoint!, requested: config.endpoint });
        }
        // Reopened until this invocation settles every item (it may also cover more examples).
        this.db.prepare('UPDATE runs SET n = max(n, ?), finished_at = NULL, endpoint = ? WHERE id = ?').run(options.n, config.endpoint, existing.id);
        return {
          run: toRunRecord(this.db.prepare<[number], RunRow>('SELECT * FROM runs WHERE id = ?').get(existing.id)!),
          resumed: true,
          endpointChange: moved ? { from: existing.endpoint!, to: config.endpoint } : null,
        };
      }
      const info = this.db
        .prepare(
          `INSERT INTO runs (experiment, name, origin, model, endpoint, adapter_hash, api, prompt_config, schema_representation,
             shots, decoding, samples, config, config_hash, code_version, n, started_at, finished_at)
           VALUES (?, ?, 'generated', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
        )
        .run(
          config.experiment,
          config.name,
          config.model,
          config.endpoint,
          config.adapter?.hash ?? null,
          config.api,
          JSON.stringify(config.prompt),
          config.prompt.schema,
          config.prompt.shots,
          JSON.stringify(config.decoding),
          config.samples,
          JSON.stringify(config),
          hash,
          options.codeVersion,
          options.n,
          now,
        );
      return { run: toRunRecord(this.db.prepare<[number | bigint], RunRow>('SELECT * FROM runs WHERE id = ?').get(info.lastInsertRowid)!), resumed: false, endpointChange: null };
    });
    return this.g(() => begin.immediate());
  }

  ledger(runId: number, options: { endpoint?: string } = {}) {
    return this.g(() => sqliteLedger(this.db, runId, { file: this.file, leaseTtlMs: this.leaseTtlMs, ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}) }));
  }

  findRun(experiment: string, name: string): RunRecord | null {
    const row = this.g(() => this.runRow(experiment, name));
    return row ? toRunRecord(row) : null;
  }

  listRuns(filter: { experiment?: string } = {}): RunSummary[] {
    return this.g(() => this.summaries(filter));
  }

  private summaries(filter: { experiment?: string }): RunSummary[] {
    const rows = this.db
      .prepare<[string | null, string | null], RunRow & { samples: number | null; completed: number; failed: number; cached: number; no_sql: number; mean_latency: number | null; prompt_tokens: number; completion_tokens: number }>(
        `SELECT r.*,
           coalesce(sum(c.id IS NOT NULL AND c.error IS NULL), 0) AS completed,
           coalesce(sum(c.error IS NOT NULL), 0) AS failed,
           coalesce(sum(c.cached_from IS NOT NULL OR (c.attempts = 0 AND c.raw_response IS NOT NULL)), 0) AS cached,
           coalesce(sum(c.id IS NOT NULL AND c.error IS NULL AND c.sql IS NULL), 0) AS no_sql,
           avg(CASE WHEN c.error IS NULL AND c.attempts > 0 THEN c.latency_ms END) AS mean_latency,
           coalesce(sum(CASE WHEN c.attempts > 0 AND c.error IS NULL THEN c.prompt_tokens END), 0) AS prompt_tokens,
           coalesce(sum(CASE WHEN c.attempts > 0 AND c.error IS NULL THEN c.completion_tokens END), 0) AS completion_tokens
         FROM runs r LEFT JOIN completions c ON c.run_id = r.id
         WHERE (? IS NULL OR r.experiment = ?)
         GROUP BY r.id ORDER BY r.experiment, r.name`,
      )
      .all(filter.experiment ?? null, filter.experiment ?? null);
    const endpoints = new Map<number, string[]>();
    const used = this.db.prepare<[], { run_id: number; endpoint: string }>(
      `SELECT c.run_id, coalesce(c.endpoint, r.endpoint) AS endpoint, min(c.id) AS first FROM completions c JOIN runs r ON r.id = c.run_id
       WHERE c.error IS NULL AND coalesce(c.endpoint, r.endpoint) IS NOT NULL GROUP BY c.run_id, 2 ORDER BY c.run_id, first`,
    );
    for (const u of used.all()) endpoints.set(u.run_id, [...(endpoints.get(u.run_id) ?? []), u.endpoint]);
    return rows.map((row) => ({
      ...toRunRecord(row),
      status: runStatus(row.finished_at, row.completed, row.failed, row.n * (row.samples ?? 1)),
      endpoints: endpoints.get(row.id) ?? (row.endpoint ? [row.endpoint] : []),
      completed: row.completed,
      failed: row.failed,
      cached: row.cached,
      noSql: row.no_sql,
      meanLatencyMs: row.mean_latency,
      tokens: { prompt: row.prompt_tokens, completion: row.completion_tokens },
    }));
  }

  outcomes(runId: number): StoredOutcome[] {
    const rows = this.g(() => this.db.prepare<[number], CompletionRow>('SELECT * FROM completions WHERE run_id = ? ORDER BY idx, sample').all(runId));
    return rows.map(toOutcome);
  }

  /** One prediction per example 0..n-1 of the run, in order; '' where there is none yet. */
  predictions(runId: number, options: { sample?: number } = {}): Prediction[] {
    return this.g(() => this.predictionsOf(runId, options.sample ?? 0));
  }

  private predictionsOf(runId: number, sample: number): Prediction[] {
    const run = this.db.prepare<[number], { n: number }>('SELECT n FROM runs WHERE id = ?').get(runId);
    const rows = this.db
      .prepare<[number, number], { idx: number; sql: string | null }>('SELECT idx, sql FROM completions WHERE run_id = ? AND sample = ? ORDER BY idx')
      .all(runId, sample);
    const n = Math.max(run?.n ?? 0, rows.length ? rows[rows.length - 1]!.idx + 1 : 0);
    const sqls: string[] = new Array(n).fill('');
    for (const r of rows) sqls[r.idx] = r.sql ?? '';
    return sqls.map((sql, index) => ({ index, sql }));
  }

  importPredictions(input: ImportPredictionsInput): RunRecord {
    const sorted = [...input.predictions].sort((a, b) => a.index - b.index);
    sorted.forEach((p, i) => {
      if (i > 0 && sorted[i - 1]!.index === p.index) throw new RangeError(`duplicate prediction for index ${p.index}`);
    });
    const hash = createHash('sha256').update(JSON.stringify({ source: input.source, predictions: sorted.map((p) => [p.index, p.sql]) })).digest('hex');
    const now = (input.now ?? new Date()).toISOString();
    const importRun = this.db.transaction((): RunRecord => {
      const existing = this.runRow(input.experiment, input.name);
      if (existing) {
        if (existing.origin === 'imported' && existing.config_hash === hash) return toRunRecord(existing);
        throw new RunConflictError(input.experiment, input.name, { kind: existing.origin === 'imported' ? 'other-predictions' : 'generated' });
      }
      const info = this.db
        .prepare(
          `INSERT INTO runs (experiment, name, origin, config, config_hash, code_version, n, started_at, finished_at)
           VALUES (?, ?, 'imported', ?, ?, ?, ?, ?, ?)`,
        )
        .run(input.experiment, input.name, JSON.stringify(input.source), hash, input.codeVersion, sorted.length, now, now);
      const runId = Number(info.lastInsertRowid);
      const insert = this.db.prepare(`INSERT INTO completions (run_id, idx, sample, sql, attempts, created_at) VALUES (?, ?, 0, ?, 0, ?)`);
      for (const p of sorted) insert.run(runId, p.index, p.sql, now);
      return toRunRecord(this.db.prepare<[number], RunRow>('SELECT * FROM runs WHERE id = ?').get(runId)!);
    });
    return this.g(() => importRun.immediate());
  }

  deleteRun(runId: number): void {
    this.g(() => this.db.prepare('DELETE FROM runs WHERE id = ?').run(runId));
  }

  recordScores(runId: number, metric: string, scores: readonly Score[]): void {
    this.g(() => {
      const upsert = this.db.prepare(
        'INSERT INTO scores (run_id, idx, sample, metric, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, idx, sample, metric) DO UPDATE SET value = excluded.value',
      );
      this.db.transaction(() => {
        for (const s of scores) upsert.run(runId, s.index, s.sample, metric, s.value);
      })();
    });
  }

  scores(runId: number, metric: string): Score[] {
    const rows = this.g(() =>
      this.db
        .prepare<[number, string], { idx: number; sample: number; value: number }>('SELECT idx, sample, value FROM scores WHERE run_id = ? AND metric = ? ORDER BY idx, sample')
        .all(runId, metric),
    );
    return rows.map((r) => ({ index: r.idx, sample: r.sample, value: r.value }));
  }

  close(): void {
    this.db.close();
  }
}

/** The top-level settings that differ, so the conflict message is actionable. */
function differingSettings(old: RunConfig, next: RunConfig): string[] {
  const keys = new Set([...Object.keys(old), ...Object.keys(next)]);
  return [...keys].filter((k) => k !== 'endpoint' && JSON.stringify((old as unknown as Record<string, unknown>)[k]) !== JSON.stringify((next as unknown as Record<string, unknown>)[k]));
}

function runStatus(finishedAt: string | null, completed: number, failed: number, expected: number): RunStatus {
  if (finishedAt !== null && failed === 0) return 'finished';
  return failed > 0 && completed + failed >= expected ? 'failures' : 'partial';
}
