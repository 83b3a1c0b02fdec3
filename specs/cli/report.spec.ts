// The report's numbers, figures and determinism, on real data: a claims results file made from
// real claims on eight published sets (as the ladder's reporter writes it), the published Qwen
// runs and the schema pair, and the study's cells from an empty run store. Every number checked
// here is recomputed from the verdicts, not copied.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { better, notBetter } from '../../src/claims/Claim.ts';
import { claimRecord } from '../../src/claims/claimRecord.ts';
import { evaluateClaims } from '../../src/claims/evaluateClaims.ts';
import { publishedRunSources } from '../../src/claims/publishedRunSources.ts';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { loadExperiment } from '../../src/generate/parseExperiment.ts';
import { planRuns } from '../../src/generate/planRuns.ts';
import type { EvaluatedRun } from '../../src/evaluate/EvaluatedRun.ts';
import { evaluateRunsCached } from '../../src/evaluate/evaluateRunsCached.ts';
import { HARDNESS_LEVELS } from '../../src/metrics/hardness.ts';
import { buildReport, type BuiltReport } from '../../src/report/buildReport.ts';
import { claimsReport, type ClaimsReport } from '../../src/report/ClaimsJsonReporter.ts';
import { ERROR_CATEGORIES } from '../../src/report/errorCategory.ts';
import { accuracyVsSizeFigure, dataSizeFigure, FRONTIER_BANDS, hardnessFigure, reportFigures, schemaFigure } from '../../src/report/figures.ts';
import { formatReport, mainSystems } from '../../src/report/formatReport.ts';
import { LADDER_SETS } from '../../src/report/ladderSets.ts';
import { pv } from '../../src/report/markdownCells.ts';
import type { StudyCell, SystemResult } from '../../src/report/ReportData.ts';
import { renderFigure } from '../../src/report/renderFigure.ts';
import { HEADLINE_SYSTEMS } from '../../src/report/reportSections.ts';
import { QWEN_PUBLISHED, unlistedPublishedRuns } from '../../src/report/unlistedPublishedRuns.ts';
import { writeReport } from '../../src/report/writeReport.ts';
import { bootstrapAccuracy, DEFAULTS, mcnemarExact, wilsonInterval } from '../../src/stats/index.ts';
import { fetchData, requireData } from '../support/requireData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const home = path.resolve(process.env.T2SQL_HOME ?? '.t2sql');
const paths = spiderPaths(root);
const FT = 'nl2sql360-ftsize-llama2-7b';
const SETS = ['resdsql-base', 'resdsql-3b', 'codes-3b-sft', 'codes-7b-sft', 'gpt4-zeroshot', 'dinsql-gpt4', `${FT}-500`, `${FT}-7000`];
const pct = (x: number) => (100 * x).toFixed(1);
const withCi = (acc: number, ci: readonly [number, number]) => `${pct(acc)} [${pct(ci[0])}, ${pct(ci[1])}]`;
const CODES_SOURCE = 'CodeS (Li et al., 2024), Spider dev results: CodeS-7B-SFT above CodeS-3B-SFT';

let tmp: string;
let claimsFile: string;
let built: BuiltReport;
let verdicts: Map<string, EvaluatedRun>;

describe('t2sql report', () => {
  requireData([paths.devGold, paths.dev, ...SETS.map((s) => path.join(root, 'predictions', s, 'pred.sql'))], fetchData.predictions);
  requireData(QWEN_PUBLISHED.map((s) => path.join(root, 'predictions', s, 'SOURCE.json')), fetchData.predictions);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-report-'));
    const sources = [...publishedRunSources(root, [...SETS, 'chatgpt-zeroshot-createtable-sel3', 'chatgpt-zeroshot-thu']).present, ...unlistedPublishedRuns(root).present.map((p) => p.source)];
    verdicts = await evaluateRunsCached(sources, { dataRoot: root, home });
    const claims = [
      better('resdsql-3b', 'resdsql-base'),
      better('codes-7b-sft', 'codes-3b-sft'),
      better('dinsql-gpt4', 'gpt4-zeroshot'),
      better(`${FT}-7000`, `${FT}-500`),
      // One of each other kind of row: one-sided with its source at the databases target, negated, exploratory.
      better('codes-7b-sft', 'codes-3b-sft', { target: 'databases', sides: 1, source: CODES_SOURCE }),
      notBetter('codes-3b-sft', 'resdsql-3b'),
      better('gpt4-zeroshot', 'resdsql-base', { exploratory: true }),
    ];
    const results = evaluateClaims(claims, verdicts, { target: 'questions' });
    const records = results.map((r, i) => ({ ...claimRecord(r, 'report spec'), test: `claim ${i}`, file: 'specs/report/report.spec.ts', state: 'passed' }));
    claimsFile = path.join(tmp, 'claims.json');
    fs.writeFileSync(claimsFile, JSON.stringify(claimsReport(records, '0.0.0-spec', '2000-01-01T00:00:00.000Z')));
    // A file of these claims only: the report's own check that the ladder's sets are all covered is narrowed to them.
    built = await buildReport({ dataRoot: root, home, claimsFile, requiredRuns: SETS, experimentFile: path.resolve('experiments/qwen-study.json') });
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('covers the claims\' runs, the published Qwen runs, the schema pair and the whole data-size series', () => {
    const names = built.data.systems.map((s) => s.name);
    for (const s of [...SETS, ...QWEN_PUBLISHED, 'chatgpt-zeroshot-createtable-sel3', 'chatgpt-zeroshot-thu']) expect(names).toContain(s);
    expect(names.filter((n) => n.startsWith(`${FT}-`)).sort()).toEqual([1000, 2000, 3000, 4000, 5000, 500, 6000, 7000].map((k) => `${FT}-${k}`).sort());
  });

  it('every accuracy matches its verdicts and carries the claims\' bootstrap interval', () => {
    const claimed = new Map(JSON.parse(fs.readFileSync(claimsFile, 'utf8')).claims.flatMap((c: { runs: { run: string; ci: { questions: [number, number] } }[] }) => c.runs.map((r) => [r.run, r.ci.questions])));
    for (const s of built.data.systems.filter((x) => verdicts.has(x.name))) {
      const run = verdicts.get(s.name)!;
      expect(s.ex.n).toBe(1034);
      expect(s.ex.correct).toBe(run.correct.reduce((a, b) => a + b, 0));
      expect(s.ex.ci).toEqual(bootstrapAccuracy(run.correct, { seed: DEFAULTS.seed, resamples: DEFAULTS.resamples }).ci);
      if (claimed.has(s.name)) expect(s.ex.ci).toEqual(claimed.get(s.name));
    }
  });

  it('hardness and error breakdowns add up to the totals (Spider dev: 248 / 446 / 174 / 166)', () => {
    expect(built.data.hardnessCounts).toEqual({ easy: 248, medium: 446, hard: 174, extra: 166 });
    for (const s of built.data.systems) {
      expect(HARDNESS_LEVELS.reduce((a, h) => a + s.hardness[h].n, 0)).toBe(s.ex.n);
      expect(HARDNESS_LEVELS.reduce((a, h) => a + s.hardness[h].correct, 0)).toBe(s.ex.correct);
      for (const h of HARDNESS_LEVELS) expect(s.hardness[h].ci).toEqual(wilsonInterval(s.hardness[h].correct, s.hardness[h].n).ci);
      expect(ERROR_CATEGORIES.reduce((a, c) => a + s.errors[c], 0)).toBe(s.ex.n - s.ex.correct);
      expect(Object.values(s.databases).reduce((a, d) => a + d.correct, 0)).toBe(s.ex.correct);
    }
  });

  it('the size figure plots each size-ladder system at its parameters, with the frontier as bands', () => {
    const f = accuracyVsSizeFigure(built.data);
    const models = f.rows.filter((r) => r.kind === 'model');
    expect(models.map((r) => r.system).sort()).toEqual(['codes-3b-sft', 'codes-7b-sft', ...QWEN_PUBLISHED, 'resdsql-3b', 'resdsql-base'].sort());
    for (const r of models) {
      const s = built.data.systems.find((x) => x.name === r.system)!;
      expect([r.ex, r.lo, r.hi]).toEqual([s.ex.accuracy, ...s.ex.ci].map((x) => Math.round(1000 * x) / 10));
    }
    expect(models.find((r) => r.system === 'resdsql-base')!.params).toBeCloseTo(0.22);
    expect(models.find((r) => r.system === QWEN_PUBLISHED[0])!.params).toBe(1.5);
    expect(f.rows.filter((r) => r.kind === 'frontier').map((r) => r.system).sort()).toEqual([...FRONTIER_BANDS].sort());
  });

  it('the size figure draws the study\'s cells as one line per condition and schema across model sizes, and bands only for API cells on the reference schema', async () => {
    // Study cells as the run store would give them, their numbers those of real systems.
    const like = (name: string) => built.data.systems.find((s) => s.name === name)!;
    const cells: StudyCell[] = [];
    const systems: SystemResult[] = [];
    const add = (run: string, copy: string, model: string, params: number | null, schema: string, slice: string | null = null) => {
      cells.push({ experiment: 'e', run, model, condition: 'zero-shot', schema, slice, questions: 1034, present: true, state: 'scored', storeAccuracy: null, command: '' });
      systems.push({ ...like(copy), name: `e/${run}`, model, size: params === null ? 'API' : `${params}B`, params, condition: `zero-shot, ${schema} schema`, section: 'study', slice, origin: { kind: 'run-store', experiment: 'e', run } });
    };
    add('q1.5-minimal', 'resdsql-base', 'Qwen/Qwen2.5-Coder-1.5B-Instruct', 1.5, 'minimal');
    add('q3-minimal', 'resdsql-3b', 'Qwen/Qwen2.5-Coder-3B-Instruct', 3, 'minimal');
    add('q7-minimal', 'codes-7b-sft', 'Qwen/Qwen2.5-Coder-7B-Instruct', 7, 'minimal');
    add('q7-types', 'codes-3b-sft', 'Qwen/Qwen2.5-Coder-7B-Instruct', 7, 'types');
    add('q1.5-minimal-s', 'codes-3b-sft', 'Qwen/Qwen2.5-Coder-1.5B-Instruct', 1.5, 'minimal', 's');
    add('api-minimal', 'gpt4-zeroshot', 'gpt-4.1-mini', null, 'minimal');
    add('api-types', 'dinsql-gpt4', 'gpt-4.1-mini', null, 'types');
    const data = { ...built.data, systems: [...built.data.systems, ...systems], study: { experiment: 'e', cells, slices: [] } };
    const f = accuracyVsSizeFigure(data);
    const lines = new Map<string, number[]>();
    for (const r of f.rows.filter((x) => x.kind === 'model' && String(x.system).startsWith('e/'))) lines.set(String(r.family), [...(lines.get(String(r.family)) ?? []), Number(r.params)]);
    expect(Object.fromEntries(lines)).toEqual({ 'study: zero-shot, minimal': [1.5, 3, 7], 'study: zero-shot, types': [7] });
    expect(f.rows.filter((r) => r.kind === 'frontier').map((r) => r.system).sort()).toEqual([...FRONTIER_BANDS, 'e/api-minimal'].sort());
    expect((await renderFigure(f.spec)).startsWith('<svg')).toBe(true);
  });

  it('the hardness, schema and data-size figures plot the report\'s numbers', () => {
    const h = hardnessFigure(built.data);
    const heads = HEADLINE_SYSTEMS.filter((n) => built.data.systems.some((s) => s.name === n));
    expect(h.rows).toHaveLength(4 * heads.length);
    for (const r of h.rows) {
      const s = built.data.systems.find((x) => x.name === r.system)!.hardness[r.hardness as 'easy'];
      expect([r.ex, r.n]).toEqual([Math.round(1000 * s.accuracy) / 10, s.n]);
    }
    expect(schemaFigure(built.data).rows.map((r) => r.system).sort()).toEqual(['chatgpt-zeroshot-createtable-sel3', 'chatgpt-zeroshot-thu']);
    const d = dataSizeFigure(built.data);
    expect(d.rows.map((r) => r.examples)).toEqual([500, 1000, 2000, 3000, 4000, 5000, 6000, 7000]);
    for (const r of d.rows) {
      const s = built.data.systems.find((x) => x.name === `${FT}-${r.examples}`)!;
      expect([r.ex, r.lo, r.hi]).toEqual([s.ex.accuracy, ...s.ex.ci].map((x) => Math.round(1000 * x) / 10));
    }
    expect(d.rows[0]!.ex).toBe(Math.round(1000 * verdicts.get(`${FT}-500`)!.accuracy) / 10);
    expect(d.rows.at(-1)!.ex).toBe(Math.round(1000 * verdicts.get(`${FT}-7000`)!.accuracy) / 10);
  });

  it('renders each figure to the same SVG every time', async () => {
    for (const f of reportFigures(built.data)) {
      const svg = await renderFigure(f.spec);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('execution accuracy');
      expect(await renderFigure(f.spec)).toBe(svg);
    }
  });

  it('REPORT.md gives every accuracy its interval and n, and marks the study cells with their command', () => {
    const md = formatReport(built.data, { figures: [], examples: 'reports/examples.html' });
    for (const s of mainSystems(built.data)) {
      const row = md.split('\n').find((l) => l.startsWith(`| \`${s.name}\` |`) && l.endsWith(' | 1034 |'));
      expect(row, s.name).toBeDefined();
      expect(row).toContain(withCi(s.ex.accuracy, s.ex.ci));
    }
    // No bare accuracy in any table: a number like 82.0 is always followed by its interval.
    for (const l of md.split('\n').filter((x) => x.startsWith('|') && !x.startsWith('|---'))) {
      for (const c of l.split(' | ')) expect(c.trim(), l).not.toMatch(/^\d{1,3}\.\d$/);
    }
    expect(md).toContain("`npx t2sql study run --experiment qwen-study --run 'qwen2.5-coder-7b-zeroshot-*-dev100'`");
    expect(md).toMatch(/Test-suite EX: not available|test-suite EX/);
    expect(md).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/); // no timestamps
  });

  it('each study row\'s fill command selects exactly that row\'s missing cells', () => {
    const md = formatReport(built.data, { figures: [], examples: 'reports/examples.html' }).split('\n');
    const experiment = loadExperiment(path.resolve('experiments/qwen-study.json'));
    const cells = built.data.study!.cells;
    const rowOf = (run: string) => {
      const c = cells.find((x) => x.run === run)!;
      return `${c.model} — ${c.condition} — ${c.slice ?? 'full dev'}`;
    };
    const commands = md.filter((l) => l.includes('`npx t2sql study run --experiment qwen-study --run '));
    expect(commands.length).toBeGreaterThan(0);
    for (const l of commands) {
      const selected = planRuns(experiment, [...l.matchAll(/--run '([^']+)'/g)].map((m) => m[1]!)).map((p) => p.def.name);
      const rows = [...new Set(selected.map(rowOf))];
      expect(rows, l).toHaveLength(1);
      expect(selected.sort(), l).toEqual(cells.filter((c) => rowOf(c.run) === rows[0] && !c.present).map((c) => c.run).sort());
    }
  });

  it('the error-category table has a column for every category, zeros included, and names those no system falls into', () => {
    const md = formatReport(built.data, { figures: [], examples: 'reports/examples.html' }).split('\n');
    const main = mainSystems(built.data);
    expect(md).toContain(`| system | wrong | ${ERROR_CATEGORIES.join(' | ')} |`);
    for (const s of main) expect(md).toContain(`| \`${s.name}\` | ${s.ex.n - s.ex.correct} | ${ERROR_CATEGORIES.map((c) => s.errors[c]).join(' | ')} |`);
    // On these systems some category is empty for every one of them (timeout, gold error): the case at issue.
    const none = ERROR_CATEGORIES.filter((c) => main.every((s) => s.errors[c] === 0));
    expect(none.length).toBeGreaterThan(0);
    expect(md).toContain(`No system has an error in ${none.length === 1 ? 'the category' : 'the categories'} ${none.map((c) => `**${c}**`).join(', ')}.`);
  });

  it('REPORT.md shows every claim at both targets (the declared one deciding), its direction\'s source, its role and an honest verdict', () => {
    const md = formatReport(built.data, { figures: [], examples: 'reports/examples.html' }).split('\n');
    const file = JSON.parse(fs.readFileSync(claimsFile, 'utf8')) as ClaimsReport;
    expect(md).toContain('| family | claim | target | a − b [95% CI] | p | p_family | p_all | other target | role | verdict |');
    const row = (c: ClaimsReport['claims'][number]) => {
      const claim = `${c.statement}${c.source ? ` (direction: ${c.source})` : ''}`;
      const found = md.filter((l) => l.startsWith(`| report spec | ${claim} |`));
      expect(found, claim).toHaveLength(1);
      const [, , target, , p, pFamily, pAll, other, role, verdict] = found[0]!.slice(0, -2).split(' | ');
      return { target, p, pFamily, pAll, other, role, verdict };
    };
    const said = (t: string, l: { p: number; adjustedP: number; holds: boolean }) => `${t}: p ${pv(l.p)}, p_family ${pv(l.adjustedP)}; ${l.holds ? 'holds' : 'does not hold'}`;
    const find = (statement: string) => file.claims.find((c) => c.statement === statement)!;

    // Declared questions: the databases analysis beside it (the sign-flip test over the 20 databases).
    const q = find('resdsql-3b is significantly better than resdsql-base on these questions');
    expect(q.comparisons[0]!.databases.test).toBe('sign-flip-exact');
    expect(q.levels!.databases.p).toBe(q.comparisons[0]!.databases.p);
    expect(row(q)).toMatchObject({ target: 'questions', p: pv(q.pValue), pFamily: pv(q.adjustedP), pAll: pv(q.global!.adjustedP), other: said('databases', q.levels!.databases), role: 'confirmatory', verdict: q.pass ? 'supported' : '**not supported**' });

    // Declared databases, one-sided with its source: the questions-level exact McNemar p beside it.
    const d = find('codes-7b-sft is significantly better than codes-3b-sft across databases');
    expect(d.sides).toBe(1);
    const counts = d.comparisons[0]!;
    expect(d.levels!.questions.p).toBe(mcnemarExact(counts.onlyA, counts.onlyB).pOneSided.aBetter);
    expect(d.levels!.questions.p).not.toBe(d.pValue);
    expect(row(d)).toMatchObject({ target: 'databases', p: pv(d.pValue), pFamily: pv(d.adjustedP), pAll: pv(d.global!.adjustedP), other: said('questions', d.levels!.questions), role: 'confirmatory' });

    // Negated: judged on its own p (p_family is that p), in no run-wide correction, an absence of evidence.
    const n = find('codes-3b-sft is NOT shown to be significantly better than resdsql-3b on these questions');
    expect(n.pass).toBe(true);
    expect(row(n)).toMatchObject({ p: pv(n.pValue), pFamily: pv(n.pValue), pAll: '—', other: said('databases', n.levels!.databases), role: 'negated', verdict: 'supported (absence of evidence)' });

    // Exploratory: reported beside the others, outside every correction, never counted as supported.
    const x = find('gpt4-zeroshot is significantly better than resdsql-base on these questions');
    expect(x.role).toBe('exploratory');
    expect(row(x)).toMatchObject({ pFamily: pv(x.pValue), pAll: '—', role: 'exploratory', verdict: x.holds ? 'holds (exploratory)' : 'not shown (exploratory)' });
    const gating = file.claims.filter((c) => c.role !== 'exploratory');
    expect(md).toContain(`- report spec: ${gating.filter((c) => c.pass).length} of ${gating.length} claims supported (and 1 exploratory).`);
  });

  it('writes REPORT.md, at least 3 figures and the example browser; writing again gives the same bytes', async () => {
    const read = async (out: string) => {
      await writeReport(built, out);
      const files = ['REPORT.md', 'reports/examples.html', 'reports/report.json', ...fs.readdirSync(path.join(out, 'docs/figures')).map((f) => `docs/figures/${f}`)];
      return new Map(files.map((f) => [f, fs.readFileSync(path.join(out, f))]));
    };
    const first = await read(path.join(tmp, 'out'));
    const svgs = [...first.keys()].filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    const report = first.get('REPORT.md')!.toString();
    for (const f of svgs) expect(report).toContain(`](${f})`);
    const second = await read(path.join(tmp, 'out2'));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [f, bytes] of first) expect(second.get(f)!.equals(bytes), f).toBe(true);
  });

  it('refuses a claims file in which a claim\'s test did not pass: exit 1, one line naming the test, the file and the command', () => {
    const file = JSON.parse(fs.readFileSync(claimsFile, 'utf8')) as ClaimsReport;
    file.claims[1]!.state = 'failed';
    const failed = path.join(tmp, 'failed.json');
    fs.writeFileSync(failed, JSON.stringify(file));
    const r = runCliProcess(['report', '--claims', failed, '--out', path.join(tmp, 'none')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(failed);
    expect(r.stderr).toContain("'claim 1' in specs/report/report.spec.ts is failed");
    expect(r.stderr).toContain('npx vitest run specs/ladder');
    expect(fs.existsSync(path.join(tmp, 'none'))).toBe(false);
  });

  it('refuses a claims file that covers only some of the ladder\'s sets (what running one ladder spec writes): exit 1, one line', () => {
    const r = runCliProcess(['report', '--claims', claimsFile, '--out', path.join(tmp, 'none')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${claimsFile} covers ${SETS.length} of the ${LADDER_SETS.length + QWEN_PUBLISHED.length} sets the ladder's claims are about (missing: resdsql-large, `);
    expect(r.stderr).toContain('npx vitest run specs/ladder');
  });

  it('without the claims results it fails in one line naming the command that writes them', () => {
    const r = runCliProcess(['report', '--claims', path.join(tmp, 'absent.json'), '--out', path.join(tmp, 'none')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('npx vitest run specs/ladder');
  });
});
