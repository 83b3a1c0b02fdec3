// The repository's own REPORT.md (written by `npx t2sql report`): every published set the
// ladder uses, and the published Qwen2.5-Coder runs, appear with accuracy, 95% interval and n
// equal to what their verdicts give now; its figures exist. A stale REPORT.md fails here: run
// `npx vitest run specs/ladder && npx tsx src/cli/main.ts report` to regenerate it. That it is,
// byte for byte, what the command writes from the claims this very run produced is checked after
// the run (scripts/checkReport.mjs, the last step of `npm test`).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedRunSources } from '../../src/claims/publishedRunSources.ts';
import type { EvaluatedRun } from '../../src/evaluate/EvaluatedRun.ts';
import { evaluateRunsCached } from '../../src/evaluate/evaluateRunsCached.ts';
import { homeLayout } from '../../src/data/homeLayout.ts';
import { QWEN_PUBLISHED, unlistedPublishedRuns } from '../../src/report/unlistedPublishedRuns.ts';
import { bootstrapAccuracy, DEFAULTS } from '../../src/stats/index.ts';
import { compareReplyExtraction } from '../../src/study/compareReplyExtraction.ts';
import { LADDER_SETS, ladderDataRoot, ladderHome } from '../ladder/_support/ladderRuns.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const report = fs.readFileSync(path.join(repo, 'REPORT.md'), 'utf8');
const root = ladderDataRoot();
const pct = (x: number) => (100 * x).toFixed(1);
const REGENERATE = 'regenerate it: npx vitest run specs/ladder && npx tsx src/cli/main.ts report';
const withCi = (run: EvaluatedRun) => {
  const ci = bootstrapAccuracy(run.correct, { seed: DEFAULTS.seed, resamples: DEFAULTS.resamples }).ci;
  return `${pct(run.accuracy)} [${pct(ci[0])}, ${pct(ci[1])}]`;
};
let runs: Map<string, EvaluatedRun>;
let suiteRuns: Map<string, EvaluatedRun>;

describe('REPORT.md', () => {
  requireData([...LADDER_SETS, ...QWEN_PUBLISHED].map((s) => path.join(root, 'predictions', s, 'pred.sql')), fetchData.predictions);
  beforeAll(async () => {
    const sources = [...publishedRunSources(root, [...LADDER_SETS]).present, ...unlistedPublishedRuns(root).present.map((p) => p.source)];
    runs = await evaluateRunsCached(sources, { dataRoot: root, home: ladderHome() });
    // What `t2sql report` (default --suite generated --suite-seed 0) scores them on besides.
    suiteRuns = await evaluateRunsCached(sources, { dataRoot: root, home: ladderHome(), suite: { mode: 'generated', suitesDir: homeLayout(ladderHome()).suites, seed: 0 } });
  }, 600_000);

  it('lists every published set the ladder uses and the Qwen runs, each with its 95% interval and n, as the verdicts give them', () => {
    const rows = report.split('\n').filter((l) => l.startsWith('| `'));
    for (const name of [...LADDER_SETS, ...QWEN_PUBLISHED]) {
      const run = runs.get(name)!;
      const ci = bootstrapAccuracy(run.correct, { seed: DEFAULTS.seed, resamples: DEFAULTS.resamples }).ci;
      const expected = `${pct(run.accuracy)} [${pct(ci[0])}, ${pct(ci[1])}]`;
      const row = rows.find((l) => l.startsWith(`| \`${name}\` |`) && l.includes(expected) && l.endsWith(` | ${run.n} |`));
      expect(row, `${name}: no results row with ${expected} and n = ${run.n} (${REGENERATE})`).toBeDefined();
    }
  });

  it('gives test-suite EX on generated suites beside single-database EX, with its interval and the verdicts the suites change', () => {
    const rows = report.split('\n').filter((l) => l.startsWith('| `'));
    for (const name of [...LADDER_SETS, ...QWEN_PUBLISHED]) {
      const run = runs.get(name)!;
      const suite = suiteRuns.get(name)!;
      let changed = 0;
      for (let i = 0; i < run.n; i++) if (run.correct[i] && !suite.correct[i]) changed++;
      const cells = ` | ${withCi(run)} | ${withCi(suite)} | ${changed} | ${run.n} |`;
      expect(rows.find((l) => l.startsWith(`| \`${name}\` |`) && l.endsWith(cells)), `${name}: no results row ending ${cells} (${REGENERATE})`).toBeDefined();
    }
  });

  it('shows, for each published Qwen replies set, how t2sql\'s extraction compares with the authors\' pred.sql', async () => {
    const rows = report.split('\n').filter((l) => l.startsWith('| `'));
    for (const name of QWEN_PUBLISHED) {
      const c = await compareReplyExtraction(root, name, { home: ladderHome() });
      const head = `| \`${name}\` | ${c.n} | ${c.differing.length} | ${c.oursNoSql} | ${withCi(c.ex!.ours)} | ${withCi(c.ex!.authors)} |`;
      expect(rows.find((l) => l.startsWith(head)), `${name}: no extraction row starting ${head} (${REGENERATE})`).toBeDefined();
    }
  });

  it('gives no accuracy without its interval', () => {
    for (const l of report.split('\n').filter((x) => x.startsWith('|') && !x.startsWith('|---'))) {
      for (const c of l.split(' | ')) expect(c.trim(), l).not.toMatch(/^\d{1,3}\.\d$/);
    }
  });

  it('shows at least 3 figures, each an SVG beside it', () => {
    const figures = [...report.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)/g)].map((m) => m[1]!);
    expect(figures.length).toBeGreaterThanOrEqual(3);
    for (const f of figures) expect(fs.readFileSync(path.join(repo, f), 'utf8').startsWith('<svg'), f).toBe(true);
  });

  it('marks the study cells the run store lacks with the command that fills them', () => {
    expect(report).toMatch(/not run .*`npx t2sql study run --experiment qwen-study --run '[^']+'`/);
  });
});
