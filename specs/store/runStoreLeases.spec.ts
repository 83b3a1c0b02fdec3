import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { decodingSettings } from '../../src/generate/DecodingSettings.ts';
import type { LedgerEntry } from '../../src/generate/GenerationLedger.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { testRunConfig } from '../support/testRunConfig.ts';
import { testCleanups } from '../support/cleanups.ts';

const cleanups = testCleanups();
const tempFile = (): string => path.join(cleanups.tempDir('t2sql-lease-'), 'runs.sqlite');

/** Two stores (what two processes open) on one new file, with a run of n items begun. */
function twoStores(n: number, options: { leaseTtlMs?: number } = {}) {
  const file = tempFile();
  const a = openRunStore(file, options);
  const b = openRunStore(file, options);
  cleanups.push(() => a.close(), () => b.close());
  const { run } = a.beginRun(config, { n, codeVersion: 'x' });
  return { file, a, b, run };
}

const config = testRunConfig({ experiment: 'lease' });

const done = (index: number): LedgerEntry => ({
  kind: 'completion',
  index,
  sample: 0,
  cacheKey: `k${index}`,
  promptHash: 'p',
  decoding: decodingSettings(),
  completion: { text: 'SELECT 1', finishReason: 'stop', promptTokens: 1, completionTokens: 1 },
  extraction: { sql: 'SELECT 1' },
  attempts: 1,
  latencyMs: 1,
});

/** The id of a process that has exited (and so holds nothing). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('two ledgers on one run: an item is requested by one of them; recording or releasing frees it', () => {
  const { file, a, b, run } = twoStores(4);
  const la = a.ledger(run.id);
  const lb = b.ledger(run.id);
  expect(la.claim(0, 0)).toEqual({ kind: 'claimed' });
  expect(la.claim(0, 0)).toEqual({ kind: 'claimed' }); // its own lease, again
  expect(lb.claim(0, 0)).toEqual({ kind: 'held', by: { host: os.hostname(), pid: process.pid } });
  la.record(done(0));
  expect(lb.claim(0, 0)).toEqual({ kind: 'completed' });
  expect(la.claim(1, 0)).toEqual({ kind: 'claimed' });
  expect(lb.claim(1, 0).kind).toBe('held');
  la.releaseClaims();
  expect(lb.claim(1, 0)).toEqual({ kind: 'claimed' });
  lb.releaseClaims();
  const db = new Database(file, { readonly: true });
  cleanups.push(() => db.close());
  expect(db.prepare('SELECT count(*) FROM leases').pluck().get()).toBe(0);
});

test('a lease whose holder died on this host is taken over at once; one from another host once it expires', () => {
  const file = tempFile();
  const store = openRunStore(file);
  cleanups.push(() => store.close());
  const { run } = store.beginRun(config, { n: 4, codeVersion: 'x' });
  const db = new Database(file);
  cleanups.push(() => db.close());
  const lease = db.prepare('INSERT INTO leases (run_id, idx, sample, owner, host, pid, expires_at) VALUES (?, ?, 0, ?, ?, ?, ?)');
  const hour = Date.now() + 3_600_000;
  lease.run(run.id, 0, 'dead', os.hostname(), deadPid(), hour);
  lease.run(run.id, 1, 'far-live', 'another-host.example', 1, hour);
  lease.run(run.id, 2, 'far-expired', 'another-host.example', 1, Date.now() - 1);
  const ledger = store.ledger(run.id);
  expect(ledger.claim(0, 0)).toEqual({ kind: 'claimed' });
  expect(ledger.claim(1, 0)).toEqual({ kind: 'held', by: { host: 'another-host.example', pid: 1 } });
  expect(ledger.claim(2, 0)).toEqual({ kind: 'claimed' });
  ledger.releaseClaims();
});

test('a live holder renews its leases, so a short lease time never lets another process in while it works', async () => {
  const { a, b, run } = twoStores(2, { leaseTtlMs: 150 });
  const la = a.ledger(run.id);
  const lb = b.ledger(run.id);
  expect(la.claim(0, 0).kind).toBe('claimed');
  await new Promise((r) => setTimeout(r, 600));
  // The holder (this very process, so alive) kept renewing: still held after four lease times.
  expect(lb.claim(0, 0).kind).toBe('held');
  la.releaseClaims();
  expect(lb.claim(0, 0).kind).toBe('claimed');
  lb.releaseClaims();
});

test('a failure another process records meanwhile is not requested again in this generation; an older one is retried', async () => {
  const { a, b, run } = twoStores(4);
  const la = a.ledger(run.id);
  const failure = (index: number): LedgerEntry => ({ kind: 'failure', index, sample: 0, cacheKey: `k${index}`, promptHash: 'p', decoding: decodingSettings(), error: { kind: 'http', status: 400, message: 'bad', retryAfterMs: null }, attempts: 1, latencyMs: 1 });
  la.claim(0, 0);
  la.record(failure(0));
  await new Promise((r) => setTimeout(r, 5));
  const lb = b.ledger(run.id);
  la.claim(1, 0);
  la.record(failure(1));
  expect(lb.claim(1, 0)).toEqual({ kind: 'failed' });
  expect(lb.claim(0, 0)).toEqual({ kind: 'claimed' });
  lb.releaseClaims();
});
