// The example browser in a real headless browser (Debian's chromium): the file opens from disk
// with no server, and its filters (set through the URL fragment, as a user's link would) show
// exactly the examples the verdicts say, 1034 rows for one system.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedRunSources } from '../../src/claims/publishedRunSources.ts';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { readPredictionFile } from '../../src/data/predictionFile.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import type { EvaluatedRun } from '../../src/evaluate/EvaluatedRun.ts';
import { evaluateRunsCached } from '../../src/evaluate/evaluateRunsCached.ts';
import { loadDevExamples } from '../../src/report/devExamples.ts';
import type { ErrorCategory } from '../../src/report/errorCategory.ts';
import { exampleBrowser } from '../../src/report/exampleBrowser.ts';
import { systemResult } from '../../src/report/systemResult.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);
const [A, B] = ['resdsql-3b', 'codes-7b-sft'];
const INSTALL = 'apt-get install -y chromium';

let tmp: string;
let page: string;
let runs: Map<string, EvaluatedRun>;
let categories: Map<string, (ErrorCategory | null)[]>;

/** chromium (or chromium-browser) on PATH; a missing browser fails the spec with its install command. */
function chromium(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  throw new Error(`chromium not found on PATH: install it with \`${INSTALL}\` (as .ci/run does)`);
}

/** The page's DOM after its scripts ran with this fragment: the row count and the example indices shown. */
function open(fragment: string): { count: number; indices: number[] } {
  const r = spawnSync(chromium(), ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=10000', '--dump-dom', `${pathToFileURL(page).href}#${fragment}`], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  expect(r.status, r.stderr).toBe(0);
  const count = /id="count" data-rows="(\d+)"/.exec(r.stdout);
  expect(count, 'the row count is on the page').not.toBeNull();
  const indices = [...r.stdout.matchAll(/<tr class="(?:correct|wrong)"><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
  return { count: Number(count![1]), indices };
}

const where = (run: EvaluatedRun, keep: (i: number) => boolean) => run.correct.reduce<number[]>((acc, _, i) => (keep(i) ? [...acc, i] : acc), []);

describe('example browser', () => {
  requireData([paths.devGold, paths.dev, ...[A, B].map((s) => path.join(root, 'predictions', s, 'pred.sql'))], fetchData.predictions);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-browser-'));
    const sources = publishedRunSources(root, [A, B]).present;
    runs = await evaluateRunsCached(sources, { dataRoot: root, home: path.resolve(process.env.T2SQL_HOME ?? '.t2sql') });
    const { examples, schema } = loadDevExamples(paths);
    categories = new Map();
    const systems = sources.map((s) => {
      const run = runs.get(s.name)!;
      const text = readPredictionFile(s.kind === 'file' ? s.file : '').map((p) => p.sql);
      const meta = { name: s.name, model: s.name, size: '', condition: '', section: 'size', slice: null, origin: { kind: 'published', repo: '', commit: '', path: '' } } as const;
      const c = systemResult(meta, run, text, examples, schema).categories;
      categories.set(s.name, c);
      return { name: s.name, predictions: text, reasons: run.reasons, categories: c };
    });
    page = path.join(tmp, 'examples.html');
    fs.writeFileSync(page, exampleBrowser('examples', examples, systems));
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('needs Debian\'s chromium (fails, naming the install command, when it is missing)', () => {
    expect(chromium()).toMatch(/chromium/);
  });

  it('is one file that loads nothing from elsewhere', () => {
    const html = fs.readFileSync(page, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=/i);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
  });

  it('shows all 1034 examples of a system', () => {
    const shown = open(`system=${A}`);
    expect(shown.count).toBe(1034);
    expect(shown.indices).toEqual(Array.from({ length: 1034 }, (_, i) => i));
  });

  it('filters by verdict, database and error category', () => {
    const a = runs.get(A)!;
    expect(open(`system=${A}&verdict=wrong`).indices).toEqual(where(a, (i) => !a.correct[i]));
    expect(open(`system=${A}&db=concert_singer`).indices).toEqual(where(a, (i) => a.dbIds[i] === 'concert_singer'));
    const cat = categories.get(B)!;
    const b = runs.get(B)!;
    expect(open(`system=${B}&verdict=${encodeURIComponent('category:wrong column')}`).indices).toEqual(where(b, (i) => cat[i] === 'wrong column'));
  });

  it('the paired view shows where one system is right and the other wrong', () => {
    const a = runs.get(A)!;
    const b = runs.get(B)!;
    const aOnly = where(a, (i) => a.correct[i] === 1 && b.correct[i] === 0);
    const bOnly = where(a, (i) => a.correct[i] === 0 && b.correct[i] === 1);
    expect(aOnly.length).toBeGreaterThan(0);
    expect(open(`system=${A}&b=${B}&pair=a-only`).indices).toEqual(aOnly);
    expect(open(`system=${A}&b=${B}&pair=b-only`).indices).toEqual(bOnly);
  });
});
