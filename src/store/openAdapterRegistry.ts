import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './_internals/migrate.ts';
import { retryWhileBusy } from './_internals/retryWhileBusy.ts';
import { storeFailure } from './_internals/storeFailure.ts';

/** A LoRA adapter trained by `t2sql train`, as the run store records it. */
export interface AdapterRecord {
  readonly id: number;
  /** The name vLLM serves it under (`t2sql serve --lora NAME=PATH`). */
  readonly name: string;
  readonly path: string;
  /** `hashAdapter(path)`: the identity runs scored with it carry (`runs.adapter_hash`). */
  readonly hash: string;
  readonly baseModel: string;
  readonly datasetSha256: string | null;
  /** The trainer's metadata JSON (config, library versions, GPU, final loss, wall time). */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly registeredAt: string;
}

export type NewAdapter = Omit<AdapterRecord, 'id' | 'registeredAt'> & { readonly now?: Date };

export interface AdapterRegistry {
  /** Records the adapter; registering the same folder with the same hash again returns the first record. */
  register(adapter: NewAdapter): AdapterRecord;
  byHash(hash: string): AdapterRecord[];
  list(): AdapterRecord[];
  close(): void;
}

interface AdapterRow {
  id: number;
  name: string;
  path: string;
  hash: string;
  base_model: string;
  dataset_sha256: string | null;
  metadata: string;
  registered_at: string;
}

const toRecord = (r: AdapterRow): AdapterRecord => ({
  id: r.id,
  name: r.name,
  path: r.path,
  hash: r.hash,
  baseModel: r.base_model,
  datasetSha256: r.dataset_sha256,
  metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  registeredAt: r.registered_at,
});

/** The adapters table of the run store at `file` (created, and the store migrated, if needed). */
export function openAdapterRegistry(file: string): AdapterRegistry {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('busy_timeout = 10000');
    retryWhileBusy(() => db.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    throw storeFailure(err, file);
  }
  try {
    retryWhileBusy(() => migrate(db, file));
  } catch (err) {
    db.close();
    throw storeFailure(err, file);
  }
  const select = db.prepare<[string, string], AdapterRow>('SELECT * FROM adapters WHERE path = ? AND hash = ?');
  return {
    register(a) {
      return db
        .transaction((): AdapterRecord => {
          const existing = select.get(a.path, a.hash);
          if (existing) return toRecord(existing);
          db.prepare('INSERT INTO adapters (name, path, hash, base_model, dataset_sha256, metadata, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
            a.name,
            a.path,
            a.hash,
            a.baseModel,
            a.datasetSha256,
            JSON.stringify(a.metadata),
            (a.now ?? new Date()).toISOString(),
          );
          return toRecord(select.get(a.path, a.hash)!);
        })
        .immediate();
    },
    byHash(hash) {
      return db.prepare<[string], AdapterRow>('SELECT * FROM adapters WHERE hash = ? ORDER BY id').all(hash).map(toRecord);
    },
    list() {
      return db.prepare<[], AdapterRow>('SELECT * FROM adapters ORDER BY id').all().map(toRecord);
    },
    close() {
      db.close();
    },
  };
}
