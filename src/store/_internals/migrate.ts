import type Database from 'better-sqlite3';
import { RunStoreError } from '../RunStoreError.ts';

/** Schema version in `PRAGMA user_version`; each step below moves it up by one. */
export const STORE_SCHEMA_VERSION = 3;

const steps: readonly string[] = [
  // 0 → 1
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    experiment TEXT NOT NULL,
    name TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('generated', 'imported')),
    model TEXT,
    endpoint TEXT,
    adapter_hash TEXT,
    api TEXT,
    prompt_config TEXT,
    schema_representation TEXT,
    shots INTEGER,
    decoding TEXT,
    samples INTEGER,
    config TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    code_version TEXT NOT NULL,
    n INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    UNIQUE (experiment, name)
  );
  CREATE TABLE completions (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    sample INTEGER NOT NULL,
    cache_key TEXT,
    prompt_hash TEXT,
    decoding TEXT,
    raw_response TEXT,
    finish_reason TEXT,
    sql TEXT,
    extract_error TEXT,
    error TEXT,
    attempts INTEGER NOT NULL,
    latency_ms REAL,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cached_from INTEGER REFERENCES completions(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    UNIQUE (run_id, idx, sample)
  );
  -- The completion cache: only successful completions are looked up.
  CREATE INDEX completions_cache ON completions (cache_key) WHERE error IS NULL AND cache_key IS NOT NULL;
  CREATE INDEX completions_cached_from ON completions (cached_from) WHERE cached_from IS NOT NULL;
  CREATE TABLE scores (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    sample INTEGER NOT NULL,
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run_id, idx, sample, metric)
  );
  `,
  // 1 → 2: leases (one generating process per item), the endpoint of each completion, and
  // "finished" meaning every item has a completion (a run with failures is not finished).
  `
  CREATE TABLE IF NOT EXISTS leases (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    sample INTEGER NOT NULL,
    owner TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, idx, sample)
  );
  CREATE INDEX IF NOT EXISTS leases_owner ON leases (owner);
  ALTER TABLE completions ADD COLUMN endpoint TEXT;
  UPDATE runs SET finished_at = NULL WHERE id IN (SELECT run_id FROM completions WHERE error IS NOT NULL);
  `,
  // 2 → 3: LoRA adapters trained by `t2sql train` (src/store/openAdapterRegistry.ts).
  `
  CREATE TABLE IF NOT EXISTS adapters (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    base_model TEXT NOT NULL,
    dataset_sha256 TEXT,
    metadata TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    UNIQUE (path, hash)
  );
  CREATE INDEX IF NOT EXISTS adapters_hash ON adapters (hash);
  `,
];

/** Refuses a store written by a newer t2sql (its tables may mean something else). */
export function checkSchemaVersion(db: Database.Database, file: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > STORE_SCHEMA_VERSION) throw new RunStoreError(file, { kind: 'newer-schema', version, supported: STORE_SCHEMA_VERSION });
  return version;
}

/**
 * Brings a store up to the current schema; refuses one written by a newer t2sql. The version is
 * read again under the write lock, so processes opening one fresh store at once create it once.
 */
export function migrate(db: Database.Database, file: string): void {
  if (checkSchemaVersion(db, file) === STORE_SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let v = checkSchemaVersion(db, file); v < STORE_SCHEMA_VERSION; v++) {
      db.exec(steps[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}
