// Runs a command under V8 coverage and reports it with c8, one version of each file's code at a time.
// Usage: node scripts/coverage.mjs --temp-directory DIR [--include GLOB]… [--exclude GLOB]…
//          [--reporter NAME]… [--lines PCT] -- <command> [args…]
//
// Why not plain `c8 <command>`: c8 merges the raw V8 reports of all processes by file URL before
// mapping them to the sources, so it assumes one file is the same code everywhere. It is not here:
// vitest's forks run src/**/*.ts as vite transformed it (through vm, with no source map Node
// keeps), while the CLI and query processes the specs start run the same files as tsx transformed
// them. Offsets of one version applied to another gave nonsense (emEvaluate.ts at 58% though fully
// run). So: each script's report gets its own source map (the forks' from specs/support/
// coverageExit.ts), reports are grouped so that a group holds one version of each file, c8 maps
// each group, and the mapped (istanbul) coverage is merged. Files no process loaded count as unrun
// (c8's --all), added only where no group has them.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { Report } = require('c8');
const libCoverage = require('istanbul-lib-coverage');
const libReport = require('istanbul-lib-report');
const reports = require('istanbul-reports');

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
if (dash < 0 || dash === argv.length - 1) {
  process.stderr.write('usage: node scripts/coverage.mjs --temp-directory DIR [--include G]… [--exclude G]… [--reporter R]… [--lines PCT] -- <command> [args…]\n');
  process.exit(2);
}
const opts = { include: [], exclude: [], reporter: [], tempDirectory: undefined, lines: undefined };
for (let i = 0; i < dash; i += 2) {
  const [name, value] = [argv[i], argv[i + 1]];
  if (name === '--include' || name === '--exclude' || name === '--reporter') opts[name.slice(2)].push(value);
  else if (name === '--temp-directory') opts.tempDirectory = path.resolve(value);
  else if (name === '--lines') opts.lines = Number(value);
  else {
    process.stderr.write(`scripts/coverage.mjs: unknown option ${name}\n`);
    process.exit(2);
  }
}
if (!opts.tempDirectory) {
  process.stderr.write('scripts/coverage.mjs: --temp-directory is required\n');
  process.exit(2);
}
const [command, ...args] = argv.slice(dash + 1);

const raw = path.join(opts.tempDirectory, 'raw');
const viteSources = path.join(opts.tempDirectory, 'vite-sources');
const groups = path.join(opts.tempDirectory, 'groups');
fs.rmSync(opts.tempDirectory, { recursive: true, force: true });
fs.mkdirSync(raw, { recursive: true });

const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, NODE_V8_COVERAGE: raw, T2SQL_COVERAGE_SOURCES: viteSources } });
if (r.error) process.stderr.write(`cannot run ${command}: ${r.error.message}\n`);
let status = r.status ?? 1;

const reportOptions = { include: opts.include, exclude: opts.exclude, excludeNodeModules: true, reporter: [] };
const wanted = new Report({ ...reportOptions, tempDirectory: raw });
const urlOf = (u) => (u.startsWith('file://') ? u : pathToFileURL(u).href);

/** The fork's sources by pid: { [path]: { wrapperLength, lineLengths, map } }. */
function forkSources(pid) {
  const file = path.join(viteSources, `sources-${pid}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

// Group each script's report by the version of its code (source map and line lengths).
const versions = new Map(); // url -> Map(versionKey -> group index)
const groupFiles = []; // group index -> array of raw process reports
for (const name of fs.readdirSync(raw)) {
  const report = JSON.parse(fs.readFileSync(path.join(raw, name), 'utf8'));
  if (!Array.isArray(report.result)) continue;
  const pid = /^coverage-(\d+)-/.exec(name)?.[1];
  const fork = pid ? forkSources(pid) : {};
  const cache = report['source-map-cache'] ?? {};
  const perGroup = new Map();
  for (const script of report.result) {
    if (!/^(file:\/\/|\/)/.test(script.url)) continue;
    const filePath = script.url.startsWith('file://') ? new URL(script.url).pathname : script.url;
    if (!wanted._shouldInstrument(filePath)) continue;
    const url = urlOf(script.url);
    let entry = cache[script.url] ?? cache[url];
    const vite = fork[filePath];
    if (!entry && vite) {
      // Offsets count from the start of vitest's wrapper; the source map starts after it.
      const shift = (o) => Math.max(0, o - vite.wrapperLength);
      for (const fn of script.functions) for (const range of fn.ranges) Object.assign(range, { startOffset: shift(range.startOffset), endOffset: shift(range.endOffset) });
      // vite's first line is its own (export getters with try/catch, hoisted imports), all mapped to
      // line 1: a getter nobody called, or its catch, is not an unrun line of ours.
      const ours = (range) => range.startOffset >= vite.lineLengths[0];
      script.functions = script.functions.filter((fn, i) => i === 0 || ours(fn.ranges[0]));
      script.functions[0].ranges = script.functions[0].ranges.filter((range, i) => i === 0 || ours(range));
      entry = { lineLengths: vite.lineLengths, data: vite.map };
    }
    const key = entry ? crypto.createHash('sha256').update(JSON.stringify(entry.lineLengths ?? null)).update(entry.data?.mappings ?? '').digest('hex') : 'unmapped';
    if (!versions.has(url)) versions.set(url, new Map());
    const known = versions.get(url);
    if (!known.has(key)) known.set(key, known.size);
    const g = known.get(key);
    if (!perGroup.has(g)) perGroup.set(g, { result: [], 'source-map-cache': {} });
    const out = perGroup.get(g);
    out.result.push({ ...script, url });
    if (entry) out['source-map-cache'][url] = entry;
  }
  for (const [g, out] of perGroup) (groupFiles[g] ??= []).push(out);
}

const map = libCoverage.createCoverageMap({});
for (const [g, files] of groupFiles.entries()) {
  if (!files) continue;
  const dir = path.join(groups, String(g));
  fs.mkdirSync(dir, { recursive: true });
  files.forEach((f, i) => fs.writeFileSync(path.join(dir, `coverage-${i}.json`), JSON.stringify(f)));
  map.merge(await new Report({ ...reportOptions, tempDirectory: dir }).getCoverageMapFromAllCoverageFiles());
}
// Files no process loaded: c8's --all, on an empty report directory.
const none = path.join(groups, 'none');
fs.mkdirSync(none, { recursive: true });
const all = await new Report({ ...reportOptions, tempDirectory: none, all: true, src: [process.cwd()] }).getCoverageMapFromAllCoverageFiles();
for (const file of all.files()) if (!map.files().includes(file)) map.addFileCoverage(all.fileCoverageFor(file));

const context = libReport.createContext({ dir: path.resolve('coverage'), coverageMap: map });
for (const name of opts.reporter.length ? opts.reporter : ['text']) reports.create(name).execute(context);
const pct = map.getCoverageSummary().lines.pct;
if (opts.lines !== undefined && !(pct >= opts.lines)) {
  process.stderr.write(`ERROR: Coverage for lines (${pct}%) does not meet global threshold (${opts.lines}%)\n`);
  if (status === 0) status = 1;
}
process.exitCode = status;
