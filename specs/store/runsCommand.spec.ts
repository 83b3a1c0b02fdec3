import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { command as runs } from '../../src/cli/commands/runs.ts';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { readPredictionFile } from '../../src/data/predictionFile.ts';
import { loadRunPredictions } from '../../src/store/loadRunPredictions.ts';

const root = path.join(import.meta.dirname, '../..');
const shared = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: root }).dir;
const cleanups: (() => unknown)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function cli(argv: string[], home: string): Promise<{ code: number; stdout: string }> {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await runs.run({ argv, env: { T2SQL_HOME: home }, cwd: root, stdout: out, stderr: new PassThrough() });
  return { code, stdout };
}

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
