/**
 * `t2sql generate` as real processes against a real loopback HTTP server: two processes on one
 * run, and Ctrl-C (SIGINT) in the middle of a run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { readPredictionFile } from '../../src/data/predictionFile.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { devExamples, normalizeSql } from '../generate/support/devPrompts.ts';
import { startLoopbackOpenAi, type LoopbackOptions, type LoopbackServer } from '../generate/support/loopbackOpenAiServer.ts';

const root = path.join(import.meta.dirname, '../..');
const runner = path.join(root, 'specs/generate/support/runCommand.ts');
const examples = devExamples(40);
const gold = new Map(examples.map((e) => [e.question, e.gold]));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function home(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-procs-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The "model" answers each real prompt with its question's gold SQL. */
async function goldServer(options: LoopbackOptions = {}): Promise<LoopbackServer> {
  const srv = await startLoopbackOpenAi({
    answer: (prompt) => {
      const sql = gold.get(/Question: ([^\n]*)\s*$/.exec(prompt)?.[1] ?? '');
      return sql === undefined ? undefined : `\`\`\`sql\n${sql}\n\`\`\``;
    },
    ...options,
  });
  cleanups.push(() => srv.close());
  return srv;
}

interface Child {
  readonly pid: number;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

function generate(argv: string[], t2sqlHome: string, onStderr: (text: string) => void = () => {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', runner, 'generate', ...argv], { cwd: root, env: { ...process.env, T2SQL_HOME: t2sqlHome }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    onStderr(stderr);
  });
  cleanups.push(() => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGKILL'));
  return {
    pid: proc.pid!,
    stderr: () => stderr,
    exited: new Promise((resolve) => proc.on('exit', (code) => resolve({ code, stdout, stderr }))),
    kill: (signal) => proc.kill(signal),
  };
}

test('two generate processes on one run share it: each completion is requested once, both end with the whole run', async () => {
  // Answers wait until both processes have started the run, so their work overlaps for certain.
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const srv = await goldServer({ latencyMs: 20, gate });
  const h = home();
  const args = (out: string): string[] => ['--model', 'test-model', '--endpoint', srv.baseUrl, '--limit', '40', '--concurrency', '4', '--out', path.join(h, out)];
  const started = new Set<number>();
  const onStart = (who: number) => (text: string) => {
    if (/^(starting|resuming) adhoc\//m.test(text)) started.add(who);
    if (started.size === 2) open();
  };
  const a = generate(args('a'), h, onStart(1));
  const b = generate(args('b'), h, onStart(2));
  // One that fails before it starts must not leave the other waiting at the gate: the exit codes below say why.
  void Promise.race([a.exited, b.exited]).then(() => open());
  const [ra, rb] = await Promise.all([a.exited, b.exited]);
  expect(ra.code, ra.stderr).toBe(0);
  expect(rb.code, rb.stderr).toBe(0);

  // 40 items, 40 requests: no prompt asked twice.
  expect(srv.requests).toHaveLength(40);
  expect(new Set(srv.requests.map((r) => r.prompt)).size).toBe(40);
  // The second to start says it found the other at work.
  expect(`${ra.stderr}${rb.stderr}`).toMatch(new RegExp(`another process \\(pid (${a.pid}|${b.pid}) on ${os.hostname()}\\) is generating some of these items`));
  expect(`${ra.stdout}${rb.stdout}`).toMatch(/\d+ by another process/);
  // Both wrote the whole run, identical and right.
  const expected = examples.map((e) => normalizeSql(e.gold));
  for (const out of ['a', 'b']) expect(readPredictionFile(path.join(h, out, 'pred.sql')).map((p) => normalizeSql(p.sql))).toEqual(expected);
  const store = openRunStore(path.join(h, 'runs.sqlite'), { readonly: true });
  cleanups.push(() => store.close());
  expect(store.listRuns()).toMatchObject([{ status: 'finished', completed: 40, failed: 0 }]);
});

test('Ctrl-C cancels the requests in flight (not recorded), keeps what arrived, says so, exits 130; the rerun asks only for the rest', async () => {
  // Six quick answers, then a server that would take 30 s: the requests in flight at Ctrl-C.
  let slow = true;
  const srv = await goldServer({ fault: (r) => (slow && r.attempt === 1 && srvRef.requests.length > 6 ? { kind: 'slow', ms: 30_000 } : null) });
  const srvRef = srv;
  const h = home();
  const args = ['--model', 'test-model', '--endpoint', srv.baseUrl, '--limit', '20', '--concurrency', '4'];
  const child = generate(args, h);
  await waitFor(() => srv.answered === 6 && srv.requests.length === 10);
  const inFlight = srv.requests.length - srv.answered;
  child.kill('SIGINT');
  const r = await child.exited;
  expect(r.code).toBe(130);
  expect(r.stderr).toContain(`interrupted: cancelling ${inFlight} request(s) in flight (not recorded; asked again on resume); every completion received so far is stored. Run the same command again to resume`);
  expect(r.stdout).toMatch(/adhoc\/test-model-keys-0shot: interrupted · 20 total: 0 already stored, 6 fetched/);
  // The slow requests were cancelled (their connections closed), not waited for.
  const cancelled = srv.requests.slice(6);
  expect(cancelled.every((q) => q.finishedAt !== null)).toBe(true);
  expect(srv.answered).toBe(6);
  const store = openRunStore(path.join(h, 'runs.sqlite'), { readonly: true });
  cleanups.push(() => store.close());
  const run = store.findRun('adhoc', 'test-model-keys-0shot')!;
  expect(store.outcomes(run.id).map((o) => o.kind)).toEqual(Array(6).fill('completion'));

  slow = false;
  const before = srv.requests.length;
  const again = await generate(args, h).exited;
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toMatch(/done · 20 total: 6 already stored, 14 fetched/);
  const asked = new Set(srv.requests.slice(0, 6).map((q) => q.prompt));
  expect(srv.requests.slice(before).filter((q) => asked.has(q.prompt))).toEqual([]);
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
