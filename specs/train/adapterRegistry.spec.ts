/** Adapters in the run store: an additive migration, idempotent registration, lookup by hash. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { hashAdapter } from '../../src/generate/hashAdapter.ts';
import { openAdapterRegistry } from '../../src/store/openAdapterRegistry.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-adapters-'));

function adapterFolder(name: string, bytes: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'adapter_config.json'), '{"r": 16}');
  fs.writeFileSync(path.join(dir, 'adapter_model.safetensors'), bytes);
  return dir;
}

it('registers adapters beside the runs of an existing store, which keeps its runs', () => {
  const file = path.join(tmp, 'runs.sqlite');
  const store = openRunStore(file);
  store.importPredictions({ experiment: 'published', name: 'x', predictions: [{ index: 0, sql: 'SELECT 1' }], source: { file: 'pred.sql' }, codeVersion: 't' });
  store.close();
  // A store written before adapters existed: no table, an older schema version.
  const db = new Database(file);
  const version = db.pragma('user_version', { simple: true }) as number;
  db.exec('DROP TABLE IF EXISTS adapters');
  db.pragma(`user_version = ${version - 1}`);
  db.close();

  const dir = adapterFolder('a', 'weights-1');
  const registry = openAdapterRegistry(file);
  const rec = registry.register({ name: 'qwen-lora', path: dir, hash: hashAdapter(dir), baseModel: 'Qwen/Qwen2.5-Coder-1.5B-Instruct', datasetSha256: 'ab'.repeat(32), metadata: { final_loss: 0.31 } });
  expect(rec).toMatchObject({ name: 'qwen-lora', path: dir, baseModel: 'Qwen/Qwen2.5-Coder-1.5B-Instruct', metadata: { final_loss: 0.31 } });
  expect(registry.register({ name: 'other-name', path: dir, hash: hashAdapter(dir), baseModel: 'm', datasetSha256: null, metadata: {} }).id).toBe(rec.id);
  const retrained = adapterFolder('a', 'weights-2');
  const rec2 = registry.register({ name: 'qwen-lora', path: retrained, hash: hashAdapter(retrained), baseModel: 'm', datasetSha256: null, metadata: {} });
  expect(rec2.id).not.toBe(rec.id);
  expect(registry.byHash(rec.hash).map((r) => r.id)).toEqual([rec.id]); // the record of what was trained stays
  expect(registry.byHash(rec2.hash).map((r) => r.id)).toEqual([rec2.id]);
  expect(registry.list().length).toBe(2);
  registry.close();

  const reopened = openRunStore(file, { readonly: true });
  expect(reopened.listRuns().map((r) => r.name)).toEqual(['x']);
  reopened.close();
});
