#!/usr/bin/env node
// postinstall: make better-sqlite3 accept Spider's "double-quoted" string literals.
//
// better-sqlite3 compiles SQLite with SQLITE_DQS=0, so gold queries such as
// `WHERE Airline = "JetBlue Airways"` fail with "no such column", while the
// SQLite inside Python (used by the official evaluator) accepts them. We rebuild
// the addon through its documented `--sqlite3=<dir>` option, pointing at an
// amalgamation made from the package's own sqlite3.c with every define of the
// package's defines.gypi except SQLITE_DQS (so math functions, FTS, etc. stay).
//
// Idempotent: if the installed addon already accepts double-quoted literals,
// nothing is rebuilt. Set T2SQL_SKIP_DQS_REBUILD=1 to skip (not recommended).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const log = (msg) => process.stderr.write(`[t2sql postinstall] ${msg}\n`);

function probe() {
  // Run in a child: a missing or stale binary must not poison this process's module cache.
  const code = `
    const D = require('better-sqlite3');
    const db = new D(':memory:');
    try { db.prepare('SELECT "dqs"').get(); console.log('dqs-on'); }
    catch { console.log('dqs-off'); }`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', cwd: process.cwd() });
  if (r.status !== 0) return 'missing';
  return r.stdout.trim();
}

if (process.env.T2SQL_SKIP_DQS_REBUILD === '1') {
  log('T2SQL_SKIP_DQS_REBUILD=1: leaving better-sqlite3 as installed.');
  process.exit(0);
}

let pkgDir;
try {
  pkgDir = path.dirname(require.resolve('better-sqlite3/package.json'));
} catch {
  log('better-sqlite3 is not installed; nothing to do.');
  process.exit(0);
}

const state = probe();
if (state === 'dqs-on') {
  log('better-sqlite3 already accepts double-quoted string literals.');
  process.exit(0);
}
log(`better-sqlite3 state: ${state}; rebuilding against its own amalgamation without SQLITE_DQS=0 (about a minute)...`);

const depsDir = path.join(pkgDir, 'deps');
const definesText = fs.readFileSync(path.join(depsDir, 'defines.gypi'), 'utf8');
const defines = [...definesText.matchAll(/'([A-Z0-9_]+(?:=[^']*)?)'/g)]
  .map((m) => m[1])
  .filter((d) => !d.startsWith('SQLITE_DQS'));
if (!defines.includes('SQLITE_ENABLE_COLUMN_METADATA')) throw new Error('unexpected defines.gypi layout');

const amalgamation = path.join(pkgDir, '..', '.t2sql-sqlite3');
fs.mkdirSync(amalgamation, { recursive: true });
const header = defines
  .map((d) => {
    const [name, value] = d.split('=');
    return `#ifndef ${name}\n#define ${name} ${value ?? '1'}\n#endif`;
  })
  .join('\n');
const source = fs.readFileSync(path.join(depsDir, 'sqlite3', 'sqlite3.c'), 'utf8');
fs.writeFileSync(
  path.join(amalgamation, 'sqlite3.c'),
  `/* t2sql: better-sqlite3's defines.gypi minus SQLITE_DQS (Python's default DQS behaviour) */\n${header}\n${source}`,
);
fs.copyFileSync(path.join(depsDir, 'sqlite3', 'sqlite3.h'), path.join(amalgamation, 'sqlite3.h'));

// npm sets npm_config_node_gyp (its bundled node-gyp) and npm_config_nodedir (local
// Node headers; no download possible offline) for lifecycle scripts. Run by hand,
// ask npm for the same two settings.
const npmConfig = (key) =>
  spawnSync('npm', ['config', 'get', key], { encoding: 'utf8', shell: process.platform === 'win32' }).stdout?.trim();
const npmCli = (() => {
  try {
    return fs.realpathSync(spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim());
  } catch {
    return '';
  }
})();
const gypCandidates = [
  process.env.npm_config_node_gyp,
  npmCli && path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
].filter(Boolean);
const nodedir = process.env.npm_config_nodedir || npmConfig('nodedir');
const gyp = gypCandidates.find((p) => fs.existsSync(p));
if (!gyp) {
  log('node-gyp not found (looked for npm\'s bundled copy). Install build tools and run: npm rebuild t2sql');
  process.exit(1);
}
const gypArgs = [gyp, 'rebuild', '--release', `--sqlite3=${amalgamation}`];
if (nodedir && nodedir !== 'undefined') gypArgs.push(`--nodedir=${nodedir}`);
const r = spawnSync(process.execPath, gypArgs, {
  cwd: pkgDir,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (r.status !== 0) {
  log(`node-gyp rebuild failed with status ${r.status}.`);
  process.exit(1);
}
const after = probe();
if (after !== 'dqs-on') {
  log(`rebuild finished but the probe says ${after}; Spider gold queries with "double-quoted" literals will fail.`);
  process.exit(1);
}
log('better-sqlite3 rebuilt: double-quoted string literals behave as in Python\'s sqlite3.');
