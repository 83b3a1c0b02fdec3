/**
 * `t2sql train --eval-every N`: the checkpoints the (stand-in) trainer saves are scored on Spider
 * dev through generate → eval against a server serving them as LoRA adapters, giving a learning
 * curve with CIs and paired tests against the base model, with every run in the run store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/train.ts';
import { homeLayout } from '../../src/data/homeLayout.ts';
import { hashAdapter } from '../../src/generate/hashAdapter.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { learningCurve } from '../../src/train/learningCurve.ts';
import { startFakeVllm, type FakeVllm } from './support/fakeVllm.ts';
import { dataRoot, paths, repoRoot, requireSpider } from './support/trainData.ts';
import { runCommandInProcess, type CommandRun } from '../support/runCommandInProcess.ts';

const model = 'Qwen/Qwen2.5-Coder-1.5B-Instruct';
const name = 'curve-test';
const n = 40;
const standIn = path.join(repoRoot, 'fixtures/train/standInTrainer.py');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-curve-'));
/** base: every 4th question right; a checkpoint at step s: those with index % 4 <= s / 2. */
const correct = (m: string, i: number): boolean => (m === model ? i % 4 === 0 : i % 4 <= Number(/step(\d+)$/.exec(m)![1]) / 2);
let server: FakeVllm;
let gold: Map<string, { index: number; sql: string }>;

const train = (argv: string[]): Promise<CommandRun> => runCommandInProcess(command, argv, { env: { PATH: process.env.PATH, T2SQL_DATA: dataRoot, T2SQL_HOME: tmp }, cwd: repoRoot });

beforeAll(async () => {
  requireSpider();
  const dev = (JSON.parse(fs.readFileSync(paths.dev, 'utf8')) as { question: string; query: string }[]).slice(0, n);
  gold = new Map<string, { index: number; sql: string }>();
  dev.forEach((e, index) => gold.has(e.question.trim()) || gold.set(e.question.trim(), { index, sql: e.query }));
  server = await startFakeVllm({ models: [model, `${name}-step2`, `${name}-step4`], gold, correct });
});
afterAll(() => server?.close());

it('scores each checkpoint through generate → eval and reports the learning curve', async () => {
  const r = await train(['--model', model, '--limit', '32', '--trainer', standIn, '--batch', '2', '--grad-accum', '2', '--max-steps', '4', '--eval-every', '2', '--eval-endpoint', server.baseUrl, '--eval-limit', String(n), '--name', name]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/learning curve on Spider dev \(n=40, EX, 95% bootstrap CI; exact McNemar vs base\):/);
  expect(r.stdout).toMatch(/ {2}base {8}25\.0% \[/);
  expect(r.stdout).toMatch(/ {2}step 2 {6}50\.0% \[[\d.]+%, [\d.]+%\] {2}\+25\.0 pts, p=[\d.e-]+ \(10 gained, 0 lost\)/);
  expect(r.stdout).toMatch(/ {2}step 4 {6}75\.0% \[[\d.]+%, [\d.]+%\] {2}\+50\.0 pts, p=[\d.e-]+ \(20 gained, 0 lost\)/);
  // Every question was asked of every model, with the exact dev prompts.
  for (const m of [model, `${name}-step2`, `${name}-step4`]) expect(server.requests.filter((q) => q.model === m).length).toBe(n);

  const curve = JSON.parse(fs.readFileSync(path.join(homeLayout(tmp).adapters, name, 'learning-curve.json'), 'utf8')) as { points: { step: number; adapterHash: string; vsBase: { pValue: number } }[]; runs: string[] };
  expect(curve.points.map((p) => p.step)).toEqual([2, 4]);
  expect(curve.points[1]!.vsBase.pValue).toBeLessThan(1e-5);
  const snapshot = path.join(homeLayout(tmp).adapters, name, 'checkpoint-adapters', 'step-4');
  expect(curve.points[1]!.adapterHash).toBe(hashAdapter(snapshot));
  const store = openRunStore(homeLayout(tmp).runStore, { readonly: true });
  try {
    const run = store.findRun('adhoc', `${name}-step4`)!;
    expect(run).not.toBeNull();
    const scores = store.scores(run.id, 'ex');
    expect(scores.length).toBe(n);
    expect(scores.filter((s) => s.value === 1).length).toBe(30);
    expect(store.predictions(run.id).length).toBe(n);
  } finally {
    store.close();
  }
});

it('after Ctrl-C and a resume, and when run again, the curve has every checkpoint of the run, each scored once', async () => {
  const home = fs.mkdtempSync(path.join(tmp, 'resumed-home-'));
  const resumed = 'resumed-curve';
  const steps = Array.from({ length: 16 }, (_, i) => i + 1);
  const own = await startFakeVllm({ models: [model, ...steps.map((s) => `${resumed}-step${s}`)], gold, correct });
  try {
    const args = ['--model', model, '--limit', '32', '--trainer', standIn, '--batch', '2', '--grad-accum', '2', '--max-steps', '16', '--eval-every', '4', '--eval-endpoint', own.baseUrl, '--eval-limit', '8', '--name', resumed];
    // A real Ctrl-C (the CLI in its own process) once the checkpoint at step 4 is saved.
    const child = execa(process.execPath, ['bin/t2sql.js', 'train', ...args], { cwd: repoRoot, env: { T2SQL_HOME: home, T2SQL_DATA: dataRoot, T2SQL_STANDIN_MODE: 'hang' }, reject: false, timeout: 120_000 });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (c: Buffer) => {
        seen += c.toString();
        if (/checkpoint at step 4:/.test(seen)) resolve();
      });
    });
    child.kill('SIGINT');
    const stopped = await child;
    expect(stopped.exitCode, String(stopped.stderr)).toBe(130);
    const stoppedAt = Number(/stopped at step (\d+)/.exec(String(stopped.stderr))![1]);
    expect(stoppedAt).toBeGreaterThanOrEqual(4);

    const run = (): Promise<CommandRun> => runCommandInProcess(command, args, { env: { PATH: process.env.PATH, T2SQL_DATA: dataRoot, T2SQL_HOME: home }, cwd: repoRoot });
    const expected = [...new Set([4, 8, 12, 16, stoppedAt])].sort((a, b) => a - b);
    const curveSteps = (stdout: string): number[] => [...stdout.matchAll(/^ {2}step (\d+) /gm)].map((m) => Number(m[1]));
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/resuming from \S+checkpoint-\d+/);
    expect(curveSteps(r.stdout)).toEqual(expected); // those saved before the stop too
    const file = JSON.parse(fs.readFileSync(path.join(homeLayout(home).adapters, resumed, 'learning-curve.json'), 'utf8')) as { points: { step: number; adapterHash: string }[] };
    expect(file.points.map((p) => p.step)).toEqual(expected);
    for (const p of file.points) expect(p.adapterHash).toBe(hashAdapter(path.join(homeLayout(home).adapters, resumed, 'checkpoint-adapters', `step-${p.step}`)));
    const asked = own.requests.length;
    expect(asked).toBe(8 * (1 + expected.length));

    // The run is done: running it again prints the curve again, from the runs already in the store.
    const again = await run();
    expect(again.code, again.stderr).toBe(0);
    expect(curveSteps(again.stdout)).toEqual(expected);
    expect(again.stdout).toMatch(/ {2}base {8}/);
    expect(own.requests.length).toBe(asked);
  } finally {
    await own.close();
  }
});

it('without a server and without vLLM, scoring stops with one clear message', async () => {
  await expect(train(['--model', model, '--limit', '16', '--trainer', standIn, '--max-steps', '2', '--eval-every', '2', '--vllm', '/nonexistent/vllm', '--name', 'no-vllm'])).rejects.toThrow(/cannot start vLLM: '\/nonexistent\/vllm' was not found.*--eval-endpoint URL/);
});

it('learningCurve pairs each checkpoint with the base model example by example', () => {
  const base = [1, 0, 0, 1, 0, 0, 0, 0] as const;
  const c = learningCurve(base, [{ step: 4, adapterHash: 'h', correct: [1, 1, 1, 0, 1, 0, 0, 0] }], { resamples: 2000, seed: 1 });
  expect(c.base.accuracy).toBe(0.25);
  expect(c.points[0]!.accuracy.accuracy).toBe(0.5);
  expect(c.points[0]!.vsBase).toMatchObject({ b10: 3, b01: 1, difference: 0.25 });
  expect(() => learningCurve(base, [{ step: 1, adapterHash: 'h', correct: [1, 0] }])).toThrow(RangeError);
});
