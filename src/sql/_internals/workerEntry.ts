import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashSources } from '../../core/hashSources.ts';
import { removeStale } from './removeStale.ts';

export interface WorkerEntry {
  readonly file: string;
  readonly execArgv: readonly string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
let cached: WorkerEntry | undefined;

/** The modules of src/sql a query process runs besides these internals (it checks pairs there). */
const WORKER_MODULES = ['PyValue', 'ExecOutcome', 'ResultMemo', 'checkPair', 'resultsEqual', 'tieOrder', 'withinLimits'];
/** And of src/core (tieOrder reads the gold's ORDER BY with the SQL lexer). */
const WORKER_CORE_MODULES = ['sqlLexer'];

/** Hash of the worker's own sources (its bundle's name, and part of the engine id). */
export function workerSourceHash(): string {
  const modules = [...WORKER_MODULES.map((m) => path.join(here, '..', m)), ...WORKER_CORE_MODULES.map((m) => path.join(here, '..', '..', 'core', m))];
  const files = modules.flatMap((m) => [`${m}.ts`, `${m}.js`]);
  return hashSources([here, ...files], { include: /\.(ts|js)$/, relativeTo: path.join(here, '..') }).slice(0, 16);
}

/**
 * How to start a query worker process. From compiled JavaScript: the .js beside this file.
 * From TypeScript source: a plain-JS bundle of the worker built once with esbuild (a tsx
 * dependency) and kept in node_modules/.cache/t2sql by content hash, so each worker starts
 * in plain Node instead of paying for the tsx loader. Under coverage (NODE_V8_COVERAGE)
 * or if bundling is impossible, the worker runs from source through tsx.
 */
export function workerEntry(env: Readonly<Record<string, string | undefined>> = process.env): WorkerEntry {
  if (cached) return cached;
  const source = path.join(here, 'sqlWorker.ts');
  if (!fs.existsSync(source)) return (cached = { file: path.join(here, 'sqlWorker.js'), execArgv: [] });
  const viaTsx: WorkerEntry = { file: source, execArgv: ['--import', 'tsx'] };
  if (env.NODE_V8_COVERAGE) return (cached = viaTsx);
  try {
    const require = createRequire(import.meta.url);
    const dir = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), '..', '.cache', 't2sql');
    // The bundle is named after the worker's sources, so a cached one is used without esbuild.
    // CommonJS: a process starts it about 20 ms sooner than an ES module (no ESM loader).
    const file = path.join(dir, `sqlWorker-${workerSourceHash()}.cjs`);
    if (fs.existsSync(file)) return (cached = { file, execArgv: [] });
    const esbuild = require('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out.outputFiles[0]!.text);
    fs.renameSync(tmp, file);
    removeStale(dir, (name) => name.startsWith('sqlWorker-') && name !== path.basename(file));
    return (cached = { file, execArgv: [] });
  } catch {
    return (cached = viaTsx);
  }
}

