import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { cannedAnswers, devExamples, normalizeSql } from '../generate/support/devPrompts.ts';
import { startLoopbackOpenAi, type LoopbackServer } from '../generate/support/loopbackOpenAiServer.ts';

const child = path.join(import.meta.dirname, '../generate/support/generateChild.ts');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function startChild(args: object): { proc: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(args)], { cwd: path.join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  cleanups.push(() => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL'));
  return { proc, exited };
}

interface Row {
  id: number;
  idx: number;
  sql: string | null;
  error: string | null;
  created_at: string;
}

test('a generating process killed with SIGKILL resumes with nothing lost and nothing duplicated', async () => {
  const n = 80;
  const examples = devExamples(n);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-crash-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const storeFile = path.join(dir, 'runs.sqlite');

  let victim: ChildProcess | null = null;
  const srv: LoopbackServer = await startLoopbackOpenAi({
    answers: cannedAnswers(examples),
    latencyMs: 25,
    // Kill mid-run, right after the 30th answer, with other requests still in flight.
    onAnswer: () => {
      if (srv.answered === 30) victim?.kill('SIGKILL');
    },
  });
  cleanups.push(() => srv.close());
  const args = { storeFile, baseUrl: srv.baseUrl, n, concurrency: 6, name: 'killed' };

  const first = startChild(args);
  victim = first.proc;
  const killed = await first.exited;
  expect(killed.signal, killed.stderr).toBe('SIGKILL');
  expect(killed.stdout).not.toMatch(/summary/);

  const db = new Database(storeFile, { readonly: true });
  cleanups.push(() => db.close());
  const before = db.prepare<[], Row>('SELECT c.id, c.idx, c.sql, c.error, c.created_at FROM completions c ORDER BY idx').all();
  // Something was committed, not everything: the kill really was mid-run.
  expect(before.length).toBeGreaterThan(0);
  expect(before.length).toBeLessThan(n);
  expect(db.prepare('SELECT finished_at FROM runs').pluck().get()).toBeNull();
  const requestsBefore = srv.requests.length;

  victim = null;
  const second = await startChild(args).exited;
  expect(second.code, second.stderr).toBe(0);
  expect(second.stdout).toMatch(/resumed=true/);

  const after = db.prepare<[], Row>('SELECT c.id, c.idx, c.sql, c.error, c.created_at FROM completions c ORDER BY idx').all();
  // Nothing duplicated: one row per example. Nothing lost: every example has its right SQL.
  expect(after.map((r) => r.idx)).toEqual(examples.map((e) => e.index));
  expect(after.every((r) => r.error === null)).toBe(true);
  expect(after.map((r) => normalizeSql(r.sql))).toEqual(examples.map((e) => normalizeSql(e.gold)));
  // Rows committed before the kill are untouched, and were not requested again.
  const byIdx = new Map(after.map((r) => [r.idx, r]));
  for (const r of before) expect(byIdx.get(r.idx)).toEqual(r);
  const committed = new Set(before.map((r) => examples[r.idx]!.question));
  const resent = srv.requests.slice(requestsBefore);
  expect(resent.filter((r) => committed.has(r.prompt))).toEqual([]);
  expect(resent.length).toBe(n - before.length);
  expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
  expect(db.prepare('SELECT finished_at FROM runs').pluck().get()).not.toBeNull();
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
});
