import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ClaimsReport } from './ClaimsJsonReporter.ts';
import type { LevelVerdict } from '../claims/ClaimResult.ts';
import { publishedRunSources } from '../claims/publishedRunSources.ts';
import { homeLayout } from '../data/homeLayout.ts';
import { InputError } from '../data/InputError.ts';
import { readPredictionFile } from '../data/predictionFile.ts';
import { sha256File } from '../data/sha256File.ts';
import { spiderPaths } from '../data/spiderPaths.ts';
import { sliceRun, type EvaluatedRun } from '../evaluate/EvaluatedRun.ts';
import { evaluateRunsCached, evaluatorHash, type RunSource } from '../evaluate/evaluateRunsCached.ts';
import { publishedReplySets } from '../data/published/publishedReplySets.ts';
import { HARDNESS_LEVELS, type Hardness } from '../metrics/hardness.ts';
import { engineId } from '../sql/engineId.ts';
import { bootstrapAccuracy, DEFAULTS } from '../stats/index.ts';
import { compareReplyExtraction } from '../study/compareReplyExtraction.ts';
import { SUITE_GENERATOR_VERSION } from '../suites/SuiteManifest.ts';
import { t2sqlVersion } from '../version.ts';
import { loadDevExamples, type DevExample } from './devExamples.ts';
import { LADDER_SETS } from './ladderSets.ts';
import type { ErrorCategory } from './errorCategory.ts';
import type { AblationPair, DataSizeSeries, ReplyExtraction, ReportData, ReportedComparison, ReportedLevel, SystemResult } from './ReportData.ts';
import { pairedDifference, sliceAgreements } from './sliceAgreement.ts';
import { readStudyMatrix, type StudyMatrixCell } from './studyMatrix.ts';
import { SCHEMA_PAIRS, sectionOfGroup } from './reportSections.ts';
import { systemResult, type SystemMeta } from './systemResult.ts';
import { QWEN_PUBLISHED, unlistedPublishedRuns } from './unlistedPublishedRuns.ts';

export interface BuildReportOptions {
  readonly dataRoot: string;
  /** $T2SQL_HOME: the run store and the verdict cache. */
  readonly home: string;
  /** The claims' results file (what `npx vitest run specs/ladder` writes). */
  readonly claimsFile: string;
  /**
   * Runs the claims must be about (a results file whose runs leave one out is refused). Default:
   * every published set of the ladder and the published Qwen2.5-Coder runs.
   */
  readonly requiredRuns?: readonly string[];
  /** The study's experiment file (experiments/qwen-study.json); its absence leaves the study out. */
  readonly experimentFile?: string;
  /**
   * Test-suite EX beside single-database EX: every system is scored again on the suites generated
   * for its gold (built once, cached under $T2SQL_HOME). Absent: single-database EX only.
   */
  readonly generatedSuites?: { readonly seed: number };
  readonly onProgress?: (message: string) => void;
}

/** Per-example rows for the example browser: one entry per system, in dev order. */
export interface SystemExamples {
  readonly name: string;
  readonly predictions: readonly string[];
  readonly reasons: readonly string[];
  readonly categories: readonly (ErrorCategory | null)[];
}

export interface BuiltReport {
  readonly data: ReportData;
  readonly dev: readonly DevExample[];
  readonly examples: readonly SystemExamples[];
}

/**
 * Collects every number of the report: each system's verdicts (scored once, then cached),
 * intervals, breakdowns and error categories; the claims' paired comparisons with their Holm
 * p-values from the results file; the study's cells from the run store.
 */
export async function buildReport(options: BuildReportOptions): Promise<BuiltReport> {
  const claims = readClaims(options.claimsFile, options.requiredRuns ?? [...LADDER_SETS, ...QWEN_PUBLISHED]);
  const paths = spiderPaths(options.dataRoot);
  const { examples: dev, schema } = loadDevExamples(paths);

  const metas = new Map<string, SystemMeta>();
  const sources: RunSource[] = [];
  const ladderNames = Object.keys(claims.runs);
  const { sets } = publishedRunSources(options.dataRoot, []);
  const dataSizeSeries = [...new Set(ladderNames.filter((n) => sets.get(n)?.group === 'ft_data_size').map(seriesOf))].sort();
  const curve = [...sets.values()].filter((s) => s.group === 'ft_data_size' && dataSizeSeries.includes(seriesOf(s.name)) && examplesOf(s.name) !== null).map((s) => s.name);
  const published = [...new Set([...ladderNames.filter((n) => sets.has(n)), ...SCHEMA_PAIRS.flatMap((p) => [p.a, p.b]), ...curve])];
  const order = [...sets.keys()];
  published.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const found = publishedRunSources(options.dataRoot, published);
  if (found.missing.length > 0) throw new InputError(`published predictions missing under ${options.dataRoot}/predictions: ${found.missing.join(', ')} (run: npx t2sql data predictions)`);
  for (const source of found.present) {
    const s = sets.get(source.name)!;
    const section = SCHEMA_PAIRS.some((p) => p.a === s.name || p.b === s.name) ? 'schema' : sectionOfGroup(s.group);
    metas.set(s.name, { name: s.name, model: s.model, size: s.size, condition: s.condition, section, slice: null, origin: { kind: 'published', repo: s.repo, commit: s.commit, path: s.path } });
    sources.push(source);
  }
  const qwen = unlistedPublishedRuns(options.dataRoot);
  if (qwen.missing.length > 0) throw new InputError(`published Qwen2.5-Coder runs missing under ${options.dataRoot}/predictions: ${qwen.missing.join(', ')} (run: npx t2sql data predictions)`);
  for (const q of qwen.present) {
    const condition = 'zero-shot; CREATE TABLE schema as the system message, no instructions; 4-bit NF4; greedy (published run, not the study\'s prompt)';
    metas.set(q.name, { name: q.name, model: q.model, size: q.size, condition, section: 'size', slice: null, origin: { kind: 'published-unlisted', repo: q.repo, commit: q.commit, path: q.path, reported: q.reported } });
    sources.push(q.source);
  }

  const matrix = readStudyMatrix(options.experimentFile, options.home, options.dataRoot);
  const slices = new Map<string, readonly number[]>();
  for (const cell of matrix?.cells ?? []) {
    if (!cell.predictions) continue;
    // Full length, '' where the run asked nothing (a slice's other questions): scored, then left out.
    const name = `${cell.experiment}/${cell.run}`;
    if (cell.slice !== null) slices.set(name, cell.indices);
    const id = crypto.createHash('sha256').update(JSON.stringify(cell.predictions)).digest('hex');
    sources.push({ kind: 'memory', name, label: cell.run, predictions: cell.predictions, id });
    metas.set(name, { name, model: cell.model, size: sizeOfModel(cell.model), condition: `${cell.condition}, ${cell.schema} schema`, section: 'study', slice: cell.slice, origin: { kind: 'run-store', experiment: cell.experiment, run: cell.run } });
  }

  options.onProgress?.(`scoring ${sources.length} systems (cached verdicts are reused)`);
  const runs = await evaluateRunsCached(sources, { dataRoot: options.dataRoot, home: options.home });
  const suite = options.generatedSuites ? { mode: 'generated' as const, suitesDir: homeLayout(options.home).suites, seed: options.generatedSuites.seed } : null;
  if (suite) options.onProgress?.(`scoring ${sources.length} systems on generated test suites (suites are built once, then cached)`);
  const suiteRuns = suite ? await evaluateRunsCached(sources, { dataRoot: options.dataRoot, home: options.home, suite }) : null;
  const systems: SystemResult[] = [];
  const examples: SystemExamples[] = [];
  for (const source of sources) {
    const full = runs.get(source.name)!;
    const positions = slices.get(source.name);
    const run = positions ? sliceRun(full, positions, source.name) : full;
    if (positions) runs.set(source.name, run);
    const preds = source.kind === 'file' ? readPredictionFile(source.file) : source.predictions;
    const text = new Array<string>(dev.length).fill('');
    for (const p of preds) if (p.index < dev.length) text[p.index] = p.sql;
    const onSuites = suiteRuns?.get(source.name);
    const suiteRun = onSuites ? (positions ? sliceRun(onSuites, positions, source.name) : onSuites) : null;
    const { result, categories } = systemResult(metas.get(source.name)!, run, text, dev, schema, suiteRun);
    systems.push(result);
    // The example browser shows systems that answered every question.
    if (run.n === dev.length) examples.push({ name: source.name, predictions: text, reasons: run.reasons, categories });
  }
  const byName = new Map(systems.map((s) => [s.name, s]));
  const runOf = (name: string) => runs.get(name)!;

  const ablation: AblationPair[] = SCHEMA_PAIRS.map((p) => ({ a: p.a, b: p.b, what: p.what, ...pairedDifference(runOf(p.a), runOf(p.b)) }));
  const study = matrix && {
    experiment: matrix.experiment,
    cells: matrix.cells.map(({ indices: _i, row: _r, twin: _t, predictions: _p, storeScores: _s, ...c }) => c),
    slices: sliceAgreements(matrix.cells, runOf, (name) => byName.get(name)!.ex),
  };
  if (matrix) checkStoreScores(matrix.cells, runOf);
  const replyExtraction = await replyExtractions(qwen.present.map((q) => q.name), options);

  const dataSize: DataSizeSeries[] = dataSizeSeries.map((series) => ({
    series,
    model: sets.get(`${series}-500`)?.model ?? series,
    points: curve
      .filter((n) => seriesOf(n) === series)
      .map((n) => ({ examples: examplesOf(n)!, name: n, ex: byName.get(n)!.ex }))
      .sort((a, b) => a.examples - b.examples),
  }));

  const hardnessCounts = Object.fromEntries(HARDNESS_LEVELS.map((h) => [h, dev.filter((e) => e.hardness === h).length])) as Record<Hardness, number>;
  const devDbs = [...new Set(dev.map((e) => e.dbId))].sort();
  const databaseSha256: Record<string, string> = {};
  let testSuites = false;
  for (const db of devDbs) {
    const files = fs.readdirSync(paths.databaseFolder(db)).filter((f) => f.endsWith('.sqlite')).sort();
    if (files.length > 1) testSuites = true;
    const h = crypto.createHash('sha256');
    for (const f of files) h.update(`${f}:${sha256File(path.join(paths.databaseFolder(db), f))}\n`);
    databaseSha256[db] = files.length === 1 ? sha256File(path.join(paths.databaseFolder(db), files[0]!)) : h.digest('hex');
  }

  const comparisons = claims.claims.map(reportedComparison).sort((a, b) => (a.family + a.statement < b.family + b.statement ? -1 : a.family + a.statement > b.family + b.statement ? 1 : 0));
  const global = { claims: claims.globalCorrection.claims, surviving: claims.globalCorrection.surviving };
  return {
    data: {
      version: t2sqlVersion(),
      evaluatorHash: evaluatorHash(),
      engineId: engineId(),
      stats: { resamples: DEFAULTS.resamples, seed: DEFAULTS.seed, confidence: DEFAULTS.confidence, alpha: DEFAULTS.alpha },
      data: {
        devN: dev.length,
        databases: devDbs.length,
        goldSha256: sha256File(paths.devGold),
        devJsonSha256: sha256File(paths.dev),
        tablesSha256: sha256File(paths.tables),
        databaseSha256,
        testSuites,
        generatedSuites: suite ? { generatorVersion: SUITE_GENERATOR_VERSION, seed: suite.seed } : null,
      },
      hardnessCounts,
      systems,
      claims: {
        file: path.basename(options.claimsFile),
        // Of the numbers used, not of the file (which records when it was written and lists
        // claims in the order their tests finished).
        sha256: crypto.createHash('sha256').update(JSON.stringify({ global, comparisons })).digest('hex'),
        version: claims.version,
        global,
        comparisons,
      },
      study,
      replyExtraction,
      ablation,
      dataSize,
    },
    dev,
    examples,
  };
}

/**
 * The claims' results file, refused unless every claim in it passed its test and its runs cover
 * `requiredRuns` (a file written by a run of fewer specs than the ladder leaves sets out). A file
 * with no claims at all (the reporter never writes one) is a report without findings.
 */
function readClaims(file: string, requiredRuns: readonly string[]): ClaimsReport {
  const rerun = '`npx vitest run specs/ladder`';
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`no claims results at ${file}: run ${rerun} first (it writes them), then t2sql report`);
  }
  let claims: ClaimsReport;
  try {
    claims = JSON.parse(text) as ClaimsReport;
  } catch {
    throw new InputError(`${file} is not valid JSON: run ${rerun} again to rewrite it`);
  }
  if (typeof claims !== 'object' || claims === null || !Array.isArray(claims.claims) || typeof claims.runs !== 'object' || claims.runs === null) {
    throw new InputError(`${file} is not a claims results file (no claims and runs): run ${rerun} again to rewrite it`);
  }
  const unpassed = claims.claims.filter((c) => c.state !== 'passed');
  if (unpassed.length > 0) {
    const c = unpassed[0]!;
    const more = unpassed.length > 1 ? ` (and ${unpassed.length - 1} more)` : '';
    throw new InputError(`${file}: the test of a claim did not pass: '${c.test}' in ${c.file} is ${c.state}${more}; the report prints only claims whose test passed: fix it, then run ${rerun} to rewrite the file`);
  }
  const missing = claims.claims.length === 0 ? [] : requiredRuns.filter((r) => !Object.hasOwn(claims.runs, r));
  if (missing.length > 0) {
    const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? `, … (${missing.length} in all)` : '');
    throw new InputError(`${file} covers ${requiredRuns.length - missing.length} of the ${requiredRuns.length} sets the ladder's claims are about (missing: ${shown}): it was written by a run of fewer specs than the ladder; run ${rerun} to rewrite it`);
  }
  return claims;
}

function reportedComparison(c: ClaimsReport['claims'][number]): ReportedComparison {
  const target = c.target ?? 'questions';
  return {
    family: c.family,
    statement: c.statement,
    role: c.role,
    target: c.target,
    sides: c.sides,
    source: c.source,
    steps: c.comparisons.map((s) => {
      const l = s[target];
      return { a: s.a, b: s.b, difference: l.difference, ci: l.ci, p: l.p, test: l.test };
    }),
    p: c.pValue,
    pFamily: c.adjustedP,
    pGlobal: c.global?.adjustedP ?? null,
    pass: c.pass,
    holds: c.holds,
    levels: c.levels && { questions: reportedLevel(c.levels.questions), databases: reportedLevel(c.levels.databases) },
  };
}

function reportedLevel(l: LevelVerdict): ReportedLevel {
  return { p: l.p, pFamily: l.adjustedP, holds: l.holds };
}

/** `nl2sql360-ftsize-llama2-7b-3000` → `nl2sql360-ftsize-llama2-7b`. */
function seriesOf(name: string): string {
  return name.replace(/-(\d+|noN)$/, '');
}

function examplesOf(name: string): number | null {
  const m = /-(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
}

function sizeOfModel(model: string): string {
  const m = /(\d+(?:\.\d+)?)B/i.exec(model);
  return m ? `${m[1]}B` : 'API';
}

/**
 * The report scores each cell itself (and categorises its errors); `t2sql study run` recorded EX
 * per question in the run store with the same evaluator. Where the two disagree, the store was
 * scored by other code or data: the report stops rather than print numbers that differ from
 * `t2sql study plan`'s.
 */
function checkStoreScores(cells: readonly StudyMatrixCell[], runOf: (name: string) => EvaluatedRun): void {
  for (const c of cells) {
    if (!c.predictions || c.storeScores.size === 0) continue;
    const run = runOf(`${c.experiment}/${c.run}`);
    const differ = run.indices.filter((index, i) => c.storeScores.has(index) && c.storeScores.get(index) !== run.correct[i]);
    if (differ.length > 0) {
      throw new InputError(`run store: ${c.experiment}/${c.run} has EX that differs from this evaluator's on ${differ.length} question(s) (first: #${differ[0]}); rescore it with the current code: npx t2sql runs delete ${c.experiment}/${c.run}, then ${c.command}`);
    }
  }
}

async function replyExtractions(names: readonly string[], options: BuildReportOptions): Promise<ReplyExtraction[]> {
  const out: ReplyExtraction[] = [];
  for (const set of publishedReplySets().filter((s) => names.includes(s.name))) {
    const c = await compareReplyExtraction(options.dataRoot, set.name, { home: options.home });
    if (!c.ex) continue;
    const acc = (r: EvaluatedRun) => { const b = bootstrapAccuracy(r.correct, { seed: DEFAULTS.seed, resamples: DEFAULTS.resamples, confidence: DEFAULTS.confidence }); return { n: b.n, correct: b.correct, accuracy: b.accuracy, ci: b.ci }; };
    out.push({ set: set.name, n: c.n, differing: c.differing.length, oursNoSql: c.oursNoSql, ours: acc(c.ex.ours), authors: acc(c.ex.authors), comparison: pairedDifference(c.ex.ours, c.ex.authors), reported: set.reported });
  }
  return out;
}
