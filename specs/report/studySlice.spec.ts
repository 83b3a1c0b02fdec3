// A study cell on a seeded slice and its full-dev twin, through to `t2sql report`: a loopback
// OpenAI-compatible server stands in for vLLM, `t2sql study run` (the study's own code, a real
// child process) generates and scores two schema representations on full Spider dev and on a
// seeded slice (replayed from the completion cache), and `t2sql report` scores the sliced cells
// on their questions, shows them in the ablation table with their n and interval, and shows where
// the slice and full dev disagree. The "model" is built so that they do: with the ddl schema it
// is right on the same 60% of questions everywhere; with the minimal schema it is right on every
// question of the slice and on 30% of the others, so the slice ranks minimal first and full dev
// ranks ddl first. Every number checked is recomputed from the EX the run store holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { loadExperiment } from '../../src/generate/parseExperiment.ts';
import { claimsReport } from '../../src/report/ClaimsJsonReporter.ts';
import type { ReportData } from '../../src/report/ReportData.ts';
import { QWEN_PUBLISHED } from '../../src/report/unlistedPublishedRuns.ts';
import { bootstrapAccuracy, DEFAULTS, pairedComparison } from '../../src/stats/index.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { studyCells } from '../../src/study/studyCells.ts';
import { devExamples } from '../generate/support/devPrompts.ts';
import { startLoopbackOpenAi, type LoopbackServer } from '../generate/support/loopbackOpenAiServer.ts';
import { fetchData, present, requireData } from '../support/requireData.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/t2sql.js');
const dataRoot = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: repo }).dir;
const paths = spiderPaths(dataRoot);
const WRONG = 'SELECT no_such_column FROM no_such_table';
const SLICE = { n: 40, seed: 7 };

const experiment = {
  name: 'slice-study',
  description: 'one model, two schema representations, on full dev and on a seeded slice',
  split: 'dev',
  endpoints: { gpu: { profile: 'vllm', baseUrl: 'http://127.0.0.1:9/v1' } },
  slices: { s40: SLICE },
  defaults: { api: 'chat', decoding: { temperature: 0, maxTokens: 128 }, concurrency: 16 },
  runs: [
    { name: 'm-{schema}', endpoint: 'gpu', shots: 0, model: 'model-m', grid: { schema: { minimal: { schema: 'minimal' }, ddl: { schema: 'ddl' } } } },
    { name: 'm-{schema}-s40', endpoint: 'gpu', shots: 0, model: 'model-m', slice: 's40', grid: { schema: { minimal: { schema: 'minimal' }, ddl: { schema: 'ddl' } } } },
  ],
};

describe('t2sql report: a seeded-slice cell beside its full-dev twin', () => {
  requireData([paths.dev, paths.devGold, paths.tables, paths.databaseDir], fetchData.spider);
  requireData(QWEN_PUBLISHED.map((s) => path.join(dataRoot, 'predictions', s, 'replies.jsonl')), fetchData.predictions);
  let server: LoopbackServer;
  let dir: string;
  let home: string;
  let file: string;
  let claims: string;
  const all = present([paths.dev]) ? devExamples(1034) : [];
  const firstIndex = new Map<string, number>();
  all.forEach((e, i) => firstIndex.has(e.question) || firstIndex.set(e.question, i));
  const questionOf = (prompt: string): string => /Question: ([^\n]*)(?:\nSQL:)?\s*$/.exec(prompt)?.[1] ?? prompt;
  const t2sql = (args: string[]) =>
    execa(process.execPath, [bin, ...args], { cwd: dir, env: { T2SQL_HOME: home, T2SQL_DATA: dataRoot }, reject: false, timeout: 500_000 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-report-slice-'));
    home = path.join(dir, 'home');
    file = path.join(dir, 'slice-study.json');
    claims = path.join(dir, 'claims.json');
    fs.writeFileSync(file, JSON.stringify(experiment, null, 2));
    fs.writeFileSync(claims, JSON.stringify(claimsReport([], '0.0.0', new Date(0).toISOString())));
    // The slice the study draws, from the study's own code.
    const cells = studyCells(loadExperiment(file), { splitSize: all.length });
    const slice = new Set(cells.find((c) => c.sliced)!.indices);
    server = await startLoopbackOpenAi({
      models: ['model-m'],
      answer: (p) => {
        const i = firstIndex.get(questionOf(p));
        if (i === undefined) return WRONG;
        const right = /CREATE TABLE/i.test(p) ? i % 10 < 6 : slice.has(i) || i % 10 < 3;
        return `\`\`\`sql\n${right ? all[i]!.gold : WRONG}\n\`\`\``;
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the sliced cells are scored on their questions, shown with n and CI, and set against full dev', { timeout: 900_000 }, async () => {
    const run = await t2sql(['study', 'run', '--experiment', file, '--endpoint', server.baseUrl]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('study: 4 cell(s) generated (2068 completions requested, 0 failed), 4 scored, 0 skipped');

    // What the run store holds: EX per question of each cell.
    const store = openRunStore(path.join(home, 'runs.sqlite'), { readonly: true });
    const ex = new Map<string, Map<number, number>>();
    try {
      for (const r of store.listRuns({ experiment: 'slice-study' })) ex.set(r.name, new Map(store.scores(r.id, 'ex').map((s) => [s.index, s.value])));
    } finally {
      store.close();
    }
    const sliceIdx = [...ex.get('m-ddl-s40')!.keys()].sort((a, b) => a - b);
    expect(sliceIdx).toHaveLength(SLICE.n);
    const vector = (run: string, indices: readonly number[]) => Uint8Array.from(indices, (i) => ex.get(run)!.get(i)!);
    const dev = [...Array(1034).keys()];
    const acc = (v: Uint8Array) => v.reduce((a, b) => a + b, 0) / v.length;
    // The model was built so that the slice and full dev rank the two representations oppositely.
    expect(acc(vector('m-minimal-s40', sliceIdx))).toBeGreaterThan(acc(vector('m-ddl-s40', sliceIdx)));
    expect(acc(vector('m-minimal', dev))).toBeLessThan(acc(vector('m-ddl', dev)));

    const out = path.join(dir, 'out');
    const report = await t2sql(['report', '--out', out, '--claims', claims, '--experiment', file]);
    expect(report.exitCode, report.stderr).toBe(0);
    const data = JSON.parse(fs.readFileSync(path.join(out, 'reports', 'report.json'), 'utf8')) as ReportData;
    const md = fs.readFileSync(path.join(out, 'REPORT.md'), 'utf8');

    // Each cell: scored on its own questions, with the EX and bootstrap interval of the store's verdicts.
    for (const [name, indices] of [['m-minimal', dev], ['m-ddl', dev], ['m-minimal-s40', sliceIdx], ['m-ddl-s40', sliceIdx]] as const) {
      const cell = data.study!.cells.find((c) => c.run === name)!;
      expect(cell.state).toBe('scored');
      expect(cell.questions).toBe(indices.length);
      const system = data.systems.find((s) => s.name === `slice-study/${name}`)!;
      const v = vector(name, indices);
      expect(system.ex.n, name).toBe(indices.length);
      expect(system.ex.correct, name).toBe(v.reduce((a, b) => a + b, 0));
      expect(system.ex.ci, name).toEqual(bootstrapAccuracy(v, { seed: DEFAULTS.seed, resamples: DEFAULTS.resamples }).ci);
      expect(cell.storeAccuracy).toBeCloseTo(system.ex.accuracy, 12);
      expect(system.slice).toBe(name.endsWith('-s40') ? 's40' : null);
      // Test-suite EX (generated suites, the default) on the same questions: never above EX on the database alone.
      expect(system.exSuite!.n, name).toBe(indices.length);
      expect(system.exSuite!.correct + system.exSuite!.changed, name).toBe(system.ex.correct);
    }
    expect(data.data.generatedSuites).toMatchObject({ seed: 0 });

    // Where the slice and full dev disagree: the ranks reverse, and the paired tests say how surely.
    expect(data.study!.slices).toHaveLength(1);
    const a = data.study!.slices[0]!;
    expect([a.slice, a.n, a.model, a.reference]).toEqual(['s40', SLICE.n, 'model-m', 'minimal']);
    expect(a.cells.map((c) => [c.schema, c.sliceRank, c.fullRank])).toEqual([['minimal', 1, 2], ['ddl', 2, 1]]);
    expect([a.orderedPairs, a.reversed]).toEqual([1, 1]);
    const opts = { resamples: DEFAULTS.resamples, seed: DEFAULTS.seed };
    const onSlice = pairedComparison(vector('m-ddl-s40', sliceIdx), vector('m-minimal-s40', sliceIdx), opts);
    const onFull = pairedComparison(vector('m-ddl', dev), vector('m-minimal', dev), opts);
    expect(a.pairs).toHaveLength(1);
    expect(a.pairs[0]!.slice).toEqual({ difference: onSlice.difference.estimate, ci: onSlice.difference.ci, onlyA: onSlice.counts.b10, onlyB: onSlice.counts.b01, p: onSlice.mcnemar.pValue });
    expect(a.pairs[0]!.full).toEqual({ difference: onFull.difference.estimate, ci: onFull.difference.ci, onlyA: onFull.counts.b10, onlyB: onFull.counts.b01, p: onFull.mcnemar.pValue });
    expect(a.significant).toEqual({ slice: onSlice.mcnemar.pValue < DEFAULTS.alpha ? 1 : 0, full: onFull.mcnemar.pValue < DEFAULTS.alpha ? 1 : 0 });
    expect(a.significant.full).toBe(1);

    // REPORT.md: the ablation row on the slice with its n and intervals, and the comparison.
    const pct = (x: number) => (100 * x).toFixed(1);
    const ci = (name: string) => {
      const s = data.systems.find((x) => x.name === `slice-study/${name}`)!.ex;
      return `${pct(s.accuracy)} [${pct(s.ci[0])}, ${pct(s.ci[1])}]`;
    };
    const suiteCi = (name: string) => {
      const s = data.systems.find((x) => x.name === `slice-study/${name}`)!.exSuite!;
      return `${pct(s.accuracy)} [${pct(s.ci[0])}, ${pct(s.ci[1])}] | ${s.changed}`;
    };
    expect(md).toContain(`| \`slice-study/m-ddl-s40\` | model-m | API | zero-shot, ddl schema; seeded slice s40 | ${ci('m-ddl-s40')} | ${suiteCi('m-ddl-s40')} | ${SLICE.n} |`);
    expect(md).toContain(`| model-m — zero-shot | slice s40 (seeded) | ${SLICE.n} | ${ci('m-minimal-s40')} | ${ci('m-ddl-s40')} | — |`);
    expect(md).toContain(`| model-m — zero-shot | full dev | 1034 | ${ci('m-minimal')} | ${ci('m-ddl')} | — |`);
    expect(md).toContain('### Seeded slice vs full dev');
    expect(md).toContain(`slice \`s40\` (n = ${SLICE.n}) vs full dev (n = 1034): 1 of 1 pairs of representations reversed`);
    expect(md).toContain(`| ddl | ${ci('m-ddl-s40')} | 2 (≠) | ${ci('m-ddl')} | 1 |`);
    // The published Qwen runs: t2sql's extraction beside the authors'.
    for (const q of QWEN_PUBLISHED) expect(md).toMatch(new RegExp(`^\\| \`${q.replace(/\./g, '\\.')}\` \\| 1034 \\| \\d+ \\| \\d+ \\| [\\d.]+ \\[`, 'm'));

    // Again: no request, the same bytes.
    const requests = server.requests.length;
    const again = await t2sql(['report', '--out', path.join(dir, 'out2'), '--claims', claims, '--experiment', file]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'out2', 'REPORT.md'), 'utf8')).toBe(md);
    expect(server.requests.length).toBe(requests);
  });
});
