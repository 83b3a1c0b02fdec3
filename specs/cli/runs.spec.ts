import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { command as runs } from '../../src/cli/commands/runs.ts';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { readPredictionFile } from '../../src/data/predictionFile.ts';
import { loadRunPredictions } from '../../src/store/loadRunPredictions.ts';
import { runCommandInProcess, type CommandRun } from '../support/runCommandInProcess.ts';

const root = path.join(import.meta.dirname, '../..');
const shared = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: root }).dir;
const cleanups: (() => unknown)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const cli = (argv: string[], home: string): Promise<CommandRun> => runCommandInProcess(runs, argv, { env: { T2SQL_HOME: home }, cwd: root });

test('t2sql runs: import a published set, list it, export it for eval, delete it', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-runs-'));
  cleanups.push(() => fs.rmSync(home, { recursive: true, force: true }));
  expect((await cli([], home)).stdout).toMatch(/no run store at .* yet/);

  const file = path.join(shared, 'predictions', 'codes-7b-sft', 'pred.sql');
  const imported = await cli(['import', file, '--experiment', 'published', '--name', 'codes-7b-sft'], home);
  expect(imported.stdout).toBe('published/codes-7b-sft: 1034 predictions imported\n');
  // The run remembers where it came from, SOURCE.json included.
  const listed = JSON.parse((await cli(['--json'], home)).stdout) as { origin: { kind: string; source: { file: string; source: { repo: string } } }; completed: number }[];
  expect(listed).toHaveLength(1);
  expect(listed[0]!).toMatchObject({ completed: 1034, origin: { kind: 'imported', source: { file, source: { repo: 'RUCKBReasoning/codes' } } } });
  expect((await cli([], home)).stdout).toMatch(/published\s+codes-7b-sft\s+imported\s+-\s+-\s+finished\s+1034\/1034\s+0\s+0\s+-/);

  const out = path.join(home, 'export');
  expect((await cli(['export', 'published/codes-7b-sft', '--out', out], home)).code).toBe(0);
  expect(readPredictionFile(path.join(out, 'pred.sql'))).toEqual(readPredictionFile(file));
  expect(JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'))).toMatchObject({ experiment: 'published', name: 'codes-7b-sft', n: 1034 });
  expect(loadRunPredictions(home, { experiment: 'published', run: 'codes-7b-sft' })).toHaveLength(1034);

  await expect(cli(['export', 'published/nope', '--out', out], home)).rejects.toThrow(/no run published\/nope/);
  await expect(cli(['import', file, '--experiment', 'published'], home)).rejects.toThrow(/--experiment NAME and --name RUN/);
  expect((await cli(['delete', 'published/codes-7b-sft'], home)).stdout).toBe('deleted published/codes-7b-sft\n');
  expect(loadRunPredictions(home, { experiment: 'published', run: 'codes-7b-sft' })).toBeNull();
});

/** `t2sql <argv>` as a real process, as a user runs it. */
function t2sql(argv: string[], home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...argv], { cwd: root, env: { ...process.env, T2SQL_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('a corrupt run store: t2sql runs and t2sql generate print one line naming the file and what to do, no stack trace', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-runs-'));
  cleanups.push(() => fs.rmSync(home, { recursive: true, force: true }));
  const file = path.join(home, 'runs.sqlite');
  fs.writeFileSync(file, 'this is a CSV file, not a run store\n'.repeat(100));
  const listed = await t2sql(['runs'], home);
  expect(listed.code).toBe(1);
  expect(listed.stderr).toBe(`t2sql runs: ${file}: not an SQLite file, so not a t2sql run store; move it aside (or set $T2SQL_HOME to another folder) and run again\n`);
  const generated = await t2sql(['generate', '--model', 'm', '--endpoint', 'http://127.0.0.1:9/v1', '--list'], home);
  expect(generated.code).toBe(1);
  expect(generated.stderr).toMatch(new RegExp(`^t2sql generate: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not an SQLite file[^\\n]*\\n$`));

  // A store written by a newer t2sql.
  fs.rmSync(file);
  const db = new Database(file);
  db.pragma('user_version = 42');
  db.close();
  const newer = await t2sql(['runs', '--json'], home);
  expect(newer.code).toBe(1);
  expect(newer.stderr).toMatch(/^t2sql runs: .*runs\.sqlite: run store schema v42 is newer than this t2sql understands \(v\d+\); upgrade t2sql, or set \$T2SQL_HOME to another folder\n$/);
});

test('t2sql runs: --sample within the run\'s samples, --limit positive', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-runs-'));
  cleanups.push(() => fs.rmSync(home, { recursive: true, force: true }));
  const file = path.join(shared, 'predictions', 'codes-7b-sft', 'pred.sql');
  await cli(['import', file, '--experiment', 'published', '--name', 'p', '--limit', '5'], home);
  const out = path.join(home, 'out');
  await expect(cli(['export', 'published/p', '--out', out, '--sample', '1'], home)).rejects.toThrow(/--sample 1: run published\/p has 1 sample\(s\) per example \(0 to 0\)/);
  await expect(cli(['export', 'published/p', '--out', out, '--sample', '500'], home)).rejects.toThrow(/--sample must be from 0 to 99, got 500/);
  await expect(cli(['import', file, '--experiment', 'published', '--name', 'q', '--limit', '0'], home)).rejects.toThrow(/--limit must be from 1 to/);
  expect((await cli(['export', 'published/p', '--out', out], home)).stdout).toMatch(/wrote .*pred\.sql \(5 predictions\) and run\.json/);
});

test('t2sql runs export: an --out that cannot be written is one line and exit 1, the file kept', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-runs-'));
  cleanups.push(() => fs.rmSync(home, { recursive: true, force: true }));
  const file = path.join(shared, 'predictions', 'codes-7b-sft', 'pred.sql');
  await cli(['import', file, '--experiment', 'published', '--name', 'p', '--limit', '5'], home);
  const taken = path.join(home, 'taken.sql');
  fs.writeFileSync(taken, 'kept\n');
  await expect(cli(['export', 'published/p', '--out', taken], home)).rejects.toThrow(/exists and is not a folder; --out takes a folder to write pred\.sql and run\.json in/);
  const r = await t2sql(['runs', 'export', 'published/p', '--out', taken], home);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(`t2sql runs: ${taken}: exists and is not a folder; --out takes a folder to write pred.sql and run.json in\n`);
  expect(fs.readFileSync(taken, 'utf8')).toBe('kept\n');
  const blocked = path.join(home, 'blocked');
  fs.mkdirSync(path.join(blocked, 'run.json'), { recursive: true });
  await expect(cli(['export', 'published/p', '--out', blocked], home)).rejects.toThrow(/^is a folder; cannot write run\.json over it$/);
  expect(fs.readdirSync(blocked)).toEqual(['run.json']);
});

test('t2sql runs import: a file with more (or fewer) lines than the gold has examples is refused, naming the file and the counts', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-runs-'));
  cleanups.push(() => fs.rmSync(home, { recursive: true, force: true }));
  const published = fs.readFileSync(path.join(shared, 'predictions', 'codes-7b-sft', 'pred.sql'), 'utf8');
  const doubled = path.join(home, 'doubled.sql');
  fs.writeFileSync(doubled, published + published);
  const r = await t2sql(['runs', 'import', doubled, '--experiment', 'published', '--name', 'doubled'], home);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(`t2sql runs: ${doubled}: 2068 predictions but 1034 gold examples; predictions must be one per line in gold order\n`);
  const short = path.join(home, 'short.sql');
  fs.writeFileSync(short, published.split('\n').slice(0, 10).join('\n') + '\n');
  await expect(cli(['import', short, '--experiment', 'published', '--name', 'short'], home)).rejects.toThrow(/10 predictions but 1034 gold examples.*use --limit N/);
  await expect(cli(['import', short, '--experiment', 'published', '--name', 'short', '--limit', '5000'], home)).rejects.toThrow(/--limit 5000 is more than the 1034 questions of dev/);
  // Nothing was stored; the right size (or --limit) is imported as before.
  expect(loadRunPredictions(home, { experiment: 'published', run: 'doubled' })).toBeNull();
  expect((await cli(['import', short, '--experiment', 'published', '--name', 'short', '--limit', '10'], home)).stdout).toBe('published/short: 10 predictions imported\n');
});
