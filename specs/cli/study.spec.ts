// The study end to end on real Spider dev questions and databases, with two loopback
// OpenAI-compatible servers standing in for two vLLM servers (one model each): `t2sql study plan`
// shows the matrix, `t2sql study run --endpoint A --endpoint B` assigns each cell to the server
// that lists its model, generates and scores it into the run store; running it again changes
// nothing and sends no request. Every command is a real child process (the installed bin).
// The second block runs a mini study on full dev through to `t2sql report` (REPORT.md, figures).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { claimsReport } from '../../src/report/ClaimsJsonReporter.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { devExamples } from '../generate/support/devPrompts.ts';
import { startLoopbackOpenAi, type LoopbackServer } from '../generate/support/loopbackOpenAiServer.ts';
import { fetchData, present, requireData } from '../support/requireData.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/t2sql.js');
const dataRoot = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: repo }).dir;
const paths = spiderPaths(dataRoot);
const N = 24;
const WRONG = 'SELECT no_such_column FROM no_such_table';

/** Model B answers the gold SQL for questions of even length, else a query that cannot run. */
const bRight = (question: string): boolean => question.length % 2 === 0;

const experiment = {
  name: 'mini-study',
  description: 'two models × two schema representations, and a seeded slice of one cell pair',
  split: 'dev',
  endpoints: { gpu: { profile: 'vllm', baseUrl: 'http://127.0.0.1:9/v1' } },
  slices: { s8: { n: 8, seed: 1 } },
  defaults: { api: 'chat', decoding: { temperature: 0, maxTokens: 128 }, concurrency: 4 },
  runs: [
    { name: '{model}-{schema}', endpoint: 'gpu', shots: 0, grid: { model: { a: { model: 'model-a' }, b: { model: 'model-b' } }, schema: { minimal: { schema: 'minimal' }, keys: { schema: 'keys' } } } },
    { name: '{model}-minimal-s8', endpoint: 'gpu', shots: 0, schema: 'minimal', slice: 's8', grid: { model: { a: { model: 'model-a' }, b: { model: 'model-b' } } } },
  ],
};


/** The question in a prompt (its last "Question: " line). */
const questionOf = (prompt: string): string => /Question: ([^\n]*)(?:\nSQL:)?\s*$/.exec(prompt)?.[1] ?? prompt;

/** A describe block's two loopback servers and scratch folder (home, the experiment file), closed and removed after it. */
interface StudyScratch {
  a: LoopbackServer;
  b: LoopbackServer;
  dir: string;
  home: string;
  file: string;
}

function studyScratch(prefix: string, experimentJson: { readonly name: string; readonly [field: string]: unknown }, servers: () => Promise<[LoopbackServer, LoopbackServer]>): StudyScratch {
  requireData([paths.dev, paths.devGold, paths.tables, paths.databaseDir], fetchData.spider);
  const s = {} as StudyScratch;
  beforeAll(async () => {
    [s.a, s.b] = await servers();
    s.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    s.home = path.join(s.dir, 'home');
    s.file = path.join(s.dir, `${experimentJson.name}.json`);
    fs.writeFileSync(s.file, JSON.stringify(experimentJson, null, 2));
  });
  afterAll(async () => {
    await s.a?.close();
    await s.b?.close();
    if (s.dir) fs.rmSync(s.dir, { recursive: true, force: true });
  });
  return s;
}

/** Model A answers every question with its gold SQL (fenced); model B only the questions bRight picks, else a query that cannot run. */
async function modelServers(gold: ReadonlyMap<string, string>): Promise<[LoopbackServer, LoopbackServer]> {
  return [
    await startLoopbackOpenAi({ models: ['model-a'], answer: (p) => `\`\`\`sql\n${gold.get(questionOf(p)) ?? WRONG}\n\`\`\`` }),
    await startLoopbackOpenAi({ models: ['model-b'], answer: (p) => (bRight(questionOf(p)) ? `${gold.get(questionOf(p)) ?? WRONG};` : WRONG) }),
  ];
}

describe('t2sql study: plan → run → scored runs, resumable, on two loopback endpoints', () => {
  const gold = new Map(present([paths.dev]) ? devExamples(N).map((e) => [e.question, e.gold]) : []);
  const t2sql = (args: string[]) =>
    execa(process.execPath, [bin, ...args], { cwd: s.dir, env: { T2SQL_HOME: s.home, T2SQL_DATA: dataRoot }, reject: false, timeout: 240_000 });

  const s = studyScratch('t2sql-study-', experiment, () => modelServers(gold));

  const snapshot = () => {
    const store = openRunStore(path.join(s.home, 'runs.sqlite'), { readonly: true });
    try {
      return store.listRuns().map((r) => ({ ...r, outcomes: store.outcomes(r.id), ex: store.scores(r.id, 'ex') }));
    } finally {
      store.close();
    }
  };

  test('plan lists the six cells as missing, with requests and prompt tokens to come', async () => {
    const r = await t2sql(['study', 'plan', '--experiment', s.file, '--limit', String(N)]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    for (const run of ['a-minimal', 'a-keys', 'b-minimal', 'b-keys', 'a-minimal-s8', 'b-minimal-s8']) expect(r.stdout).toMatch(new RegExp(`^${run}\\s.*\\smissing\\s`, 'm'));
    expect(r.stdout).toContain('6 cells: 0 scored, 0 generated (not scored), 0 partial, 6 missing');
    expect(r.stdout).toMatch(/still to generate: 112 requests .*prompt tokens \(counted with qwen2\.5/);
    expect(r.stdout).toMatch(/model-a: 56 requests, [\d,]+ \+ [\d,]+ tokens → ~\d+ (s|min) of GPU \(assumed/);
    expect(r.stdout).toContain('fill the missing cells with: t2sql study run');
  });

  test('run generates each cell on the endpoint that serves its model, replays the slices from the cache, and scores them', async () => {
    const r = await t2sql(['study', 'run', '--experiment', s.file, '--limit', String(N), '--endpoint', s.a.baseUrl, '--endpoint', s.b.baseUrl]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // Each server saw only its model, once per question of its two full cells: the sliced cells
    // asked nothing (their completions are in the store's cache from the full-dev cell).
    expect(s.a.requests.map((q) => q.model).every((m) => m === 'model-a')).toBe(true);
    expect(s.b.requests.map((q) => q.model).every((m) => m === 'model-b')).toBe(true);
    const perCell = new Set([...s.a.requests, ...s.b.requests].map((q) => `${q.model}\0${q.prompt}`)).size;
    expect(s.a.requests.length + s.b.requests.length).toBe(perCell);
    expect(s.a.requests.length).toBeGreaterThanOrEqual(N);
    expect(s.a.requests.length).toBeLessThanOrEqual(2 * N);
    expect(r.stdout).toMatch(/study: 6 cell\(s\) generated \(\d+ completions requested, 0 failed\), 6 scored, 0 skipped/);

    const runs = new Map(snapshot().map((x) => [x.name, x]));
    expect([...runs.keys()].sort()).toEqual(['a-keys', 'a-minimal', 'a-minimal-s8', 'b-keys', 'b-minimal', 'b-minimal-s8']);
    const questions = devExamples(N).map((e) => e.question);
    for (const [name, run] of runs) {
      expect(run.status, name).toBe('finished');
      const sliced = name.endsWith('-s8');
      expect(run.ex.length, name).toBe(sliced ? 8 : N);
      if (sliced) expect(run.cached, name).toBe(8);
      // Model A answered the gold query everywhere: EX 1. Model B is right exactly where it answered the gold query.
      for (const s of run.ex) expect(s.value, `${name} #${s.index}`).toBe(name.startsWith('a-') || bRight(questions[s.index]!) ? 1 : 0);
    }
    // The slice is the same questions as the full cell's, with the same verdicts.
    const full = new Map(runs.get('b-minimal')!.ex.map((s) => [s.index, s.value]));
    for (const s of runs.get('b-minimal-s8')!.ex) expect(s.value).toBe(full.get(s.index));
    expect(runs.get('a-minimal')!.endpoints).toEqual([s.a.baseUrl]);
    expect(runs.get('b-keys')!.endpoints).toEqual([s.b.baseUrl]);
  });

  test('running again changes nothing in the store and sends no request; plan shows every cell scored', async () => {
    const before = snapshot();
    const sent = s.a.requests.length + s.b.requests.length;
    const r = await t2sql(['study', 'run', '--experiment', s.file, '--limit', String(N), '--endpoint', s.a.baseUrl, '--endpoint', s.b.baseUrl]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('study: 0 cell(s) generated (0 completions requested, 0 failed), 0 scored, 0 skipped');
    expect(s.a.requests.length + s.b.requests.length).toBe(sent);
    expect(snapshot()).toEqual(before);
    const plan = await t2sql(['study', 'plan', '--experiment', s.file, '--limit', String(N)]);
    expect(plan.stdout).toContain('6 cells: 6 scored');
    expect(plan.stdout).toMatch(/^a-keys\s.*\sscored\s+24\/24\s+100\.0%$/m);
    expect(plan.stdout).not.toContain('fill the missing cells');
  });
});

describe('t2sql study on full dev, through to t2sql report (REPORT.md and figures)', () => {
  let claims: string;
  const all = present([paths.dev]) ? devExamples(1034) : [];
  const gold = new Map(all.map((e) => [e.question, e.gold]));
  const full = {
    ...experiment,
    name: 'mini-full',
    defaults: { ...experiment.defaults, concurrency: 16 },
    slices: {},
    runs: [experiment.runs[0]!],
  };
  const t2sql = (args: string[]) =>
    execa(process.execPath, [bin, ...args], { cwd: s.dir, env: { T2SQL_HOME: s.home, T2SQL_DATA: dataRoot }, reject: false, timeout: 400_000 });
  const exOf = (run: string): number => {
    const store = openRunStore(path.join(s.home, 'runs.sqlite'), { readonly: true });
    try {
      const scores = store.scores(store.findRun('mini-full', run)!.id, 'ex');
      expect(scores).toHaveLength(1034);
      return scores.reduce((x, s) => x + s.value, 0) / scores.length;
    } finally {
      store.close();
    }
  };

  const s = studyScratch('t2sql-study-full-', full, () => modelServers(gold));
  beforeAll(() => {
    claims = path.join(s.dir, 'claims.json');
    // No claims: the report's findings sections are empty; the study's cells are what is tested.
    fs.writeFileSync(claims, JSON.stringify(claimsReport([], '0.0.0', new Date(0).toISOString())));
  });

  test('plan → run → report; again: no request, the store and REPORT.md unchanged', { timeout: 600_000 }, async () => {
    const plan = await t2sql(['study', 'plan', '--experiment', s.file]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('4 cells: 0 scored, 0 generated (not scored), 0 partial, 4 missing');
    expect(plan.stdout).toMatch(/still to generate: 4,136 requests/);

    const run = await t2sql(['study', 'run', '--experiment', s.file, '--endpoint', s.a.baseUrl, '--endpoint', s.b.baseUrl]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('study: 4 cell(s) generated (4136 completions requested, 0 failed), 4 scored, 0 skipped');
    expect([s.a.requests.length, s.b.requests.length]).toEqual([2068, 2068]);
    const exA = exOf('a-keys');
    const exB = exOf('b-keys');
    expect(exA).toBe(1);
    expect(exB).toBe(all.filter((e) => bRight(e.question)).length / 1034);

    const out = path.join(s.dir, 'out');
    const report = await t2sql(['report', '--out', out, '--claims', claims, '--experiment', s.file]);
    expect(report.exitCode, report.stderr).toBe(0);
    const md = fs.readFileSync(path.join(out, 'REPORT.md'), 'utf8');
    const row = (model: string) => md.split('\n').find((l) => l.startsWith(`| ${model}`)) ?? '';
    expect(row('model-a')).toContain('100.0');
    expect(row('model-b')).toContain((100 * exB).toFixed(1));
    expect(md).not.toMatch(/\| model-[ab][^\n]*not run/);
    const figures = fs.readdirSync(path.join(out, 'docs', 'figures')).filter((f) => f.endsWith('.svg'));
    expect(figures.length).toBeGreaterThanOrEqual(3);
    for (const f of figures) expect(fs.readFileSync(path.join(out, 'docs', 'figures', f), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const store = () => {
      const opened = openRunStore(path.join(s.home, 'runs.sqlite'), { readonly: true });
      try {
        return opened.listRuns().map((r) => ({ ...r, outcomes: opened.outcomes(r.id), ex: opened.scores(r.id, 'ex') }));
      } finally {
        opened.close();
      }
    };
    const before = store();
    const again = await t2sql(['study', 'run', '--experiment', s.file, '--endpoint', s.a.baseUrl, '--endpoint', s.b.baseUrl]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('study: 0 cell(s) generated (0 completions requested, 0 failed), 0 scored, 0 skipped');
    expect([s.a.requests.length, s.b.requests.length]).toEqual([2068, 2068]);
    expect(store()).toEqual(before);
    const out2 = path.join(s.dir, 'out2');
    expect((await t2sql(['report', '--out', out2, '--claims', claims, '--experiment', s.file])).exitCode).toBe(0);
    expect(fs.readFileSync(path.join(out2, 'REPORT.md'), 'utf8')).toBe(md);
  });
});

describe('two t2sql study run processes on one run store, each with its own server', () => {
  const gold = new Map(present([paths.dev]) ? devExamples(N).map((e) => [e.question, e.gold]) : []);

  const s = studyScratch('t2sql-study-two-', { ...experiment, name: 'mini-two', slices: {}, runs: [experiment.runs[0]!] }, async () => {
    // Both serve both models (two GPUs, or two machines): any cell may go to either.
    const answer = (p: string) => `${gold.get(questionOf(p)) ?? WRONG};`;
    // Neither answers before the other has been asked something: the two processes overlap.
    let openA = (): void => {};
    let openB = (): void => {};
    const gateA = new Promise<void>((resolve) => (openA = resolve));
    const gateB = new Promise<void>((resolve) => (openB = resolve));
    // Bounded: a process that never starts leaves the other waiting 90 s at most (and the test fails on its exit code);
    // generous, since on a loaded 2-core machine the second process may take many seconds to start.
    setTimeout(() => (openA(), openB()), 90_000).unref();
    return [
      await startLoopbackOpenAi({ models: ['model-a', 'model-b'], answer, latencyMs: 5, gate: gateA, fault: () => (openB(), null) }),
      await startLoopbackOpenAi({ models: ['model-a', 'model-b'], answer, latencyMs: 5, gate: gateB, fault: () => (openA(), null) }),
    ];
  });

  test('the store merges their completions: every item requested exactly once, every cell finished and scored', { timeout: 300_000 }, async () => {
    const run = (endpoint: string) =>
      execa(process.execPath, [bin, 'study', 'run', '--experiment', s.file, '--limit', String(N), '--endpoint', endpoint], {
        cwd: s.dir, env: { T2SQL_HOME: s.home, T2SQL_DATA: dataRoot }, reject: false, timeout: 240_000,
      });
    const [one, two] = await Promise.all([run(s.a.baseUrl), run(s.b.baseUrl)]);
    expect(one.exitCode, one.stderr).toBe(0);
    expect(two.exitCode, two.stderr).toBe(0);
    const asked = [...s.a.requests, ...s.b.requests].map((q) => `${q.model}\0${q.prompt}`);
    expect(s.a.requests.length).toBeGreaterThan(0);
    expect(s.b.requests.length).toBeGreaterThan(0);
    expect(asked).toHaveLength(4 * N);
    expect(new Set(asked).size).toBe(4 * N);
    const store = openRunStore(path.join(s.home, 'runs.sqlite'), { readonly: true });
    try {
      const runs = store.listRuns();
      expect(runs.map((r) => [r.name, r.status, r.completed])).toEqual(['a-keys', 'a-minimal', 'b-keys', 'b-minimal'].map((n) => [n, 'finished', N]));
      for (const r of runs) expect(store.scores(r.id, 'ex').map((s) => s.value)).toEqual(Array(N).fill(1));
      // Each completion names the server that answered it.
      const byEndpoint = new Map<string, number>();
      for (const r of runs) for (const e of r.endpoints) byEndpoint.set(e, (byEndpoint.get(e) ?? 0) + 1);
      expect([...byEndpoint.keys()].every((e) => e === s.a.baseUrl || e === s.b.baseUrl)).toBe(true);
    } finally {
      store.close();
    }
  });
});
