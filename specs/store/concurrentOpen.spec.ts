/**
 * Several processes opening one fresh run store at the same instant (two `t2sql generate` on a new
 * $T2SQL_HOME): each must find the store created once, never fail on the schema another is
 * creating.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { STORE_SCHEMA_VERSION } from '../../src/store/_internals/migrate.ts';

const child = path.join(import.meta.dirname, 'support/openStoreChild.ts');
const cleanups: (() => unknown)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function opener(store: string, go: string): { ready: Promise<void>; exited: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, store, go], { cwd: path.join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.startsWith('ready\n')) onReady();
  });
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    proc.on('exit', (code) => {
      onReady();
      resolve({ code, stdout, stderr });
    }),
  );
  return { ready, exited };
}

test('processes opening one fresh store at once all open it, and it is created once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-open-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = path.join(dir, 'runs.sqlite');
  const go = path.join(dir, 'go');
  // Several rounds, each on a new file: the race is for who creates the schema first.
  for (let round = 0; round < 3; round++) {
    const file = `${store}.${round}`;
    const children = Array.from({ length: 4 }, () => opener(file, `${go}.${round}`));
    await Promise.all(children.map((c) => c.ready));
    fs.writeFileSync(`${go}.${round}`, '');
    for (const r of await Promise.all(children.map((c) => c.exited))) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('ready\nopened\n');
    }
    const db = new Database(file, { readonly: true });
    cleanups.push(() => db.close());
    expect(db.pragma('user_version', { simple: true })).toBe(STORE_SCHEMA_VERSION);
  }
});
