import type Database from 'better-sqlite3';

/** Schema version in `PRAGMA user_version`; each step below moves it up by one. */
export const STORE_SCHEMA_VERSION = 1;

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
];

/** Brings a store up to the current schema; refuses one written by a newer t2sql. */
export function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > STORE_SCHEMA_VERSION) {
    throw new Error(`${file}: run store schema v${version} is newer than this t2sql understands (v${STORE_SCHEMA_VERSION}); upgrade t2sql`);
  }
  for (let v = version; v < STORE_SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(steps[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
