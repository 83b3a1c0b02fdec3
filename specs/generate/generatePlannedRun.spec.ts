import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { command as generate } from '../../src/cli/commands/generate.ts';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { adhocExperiment } from '../../src/generate/adhocExperiment.ts';
import { generatePlannedRun } from '../../src/generate/generatePlannedRun.ts';
import { planRuns } from '../../src/generate/planRuns.ts';
import { spiderPromptInputs } from '../../src/generate/spiderPromptInputs.ts';
import { exportRun } from '../../src/store/exportRun.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { devExamples } from './support/devPrompts.ts';
import { startLoopbackOpenAi } from './support/loopbackOpenAiServer.ts';

const root = path.join(import.meta.dirname, '../..');
const gold = new Map(devExamples(8).map((e) => [e.question, e.gold]));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

test('a library caller gets what t2sql generate --out does: the same requests, the same run, the same files', async () => {
  const srv = await startLoopbackOpenAi({ answer: (p) => gold.get(/Question: ([^\n]*)\s*$/.exec(p)?.[1] ?? '') });
  cleanups.push(() => srv.close());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-lib-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Through the CLI.
  const cliHome = path.join(dir, 'cli');
  const code = await generate.run({
    argv: ['--model', 'test-model', '--endpoint', srv.baseUrl, '--limit', '8', '--out', path.join(cliHome, 'out')],
    env: { T2SQL_HOME: cliHome },
    cwd: root,
    stdout: new PassThrough(),
    stderr: new PassThrough(),
  });
  expect(code).toBe(0);
  const cliRequests = srv.requests.splice(0);

  // Through the library.
  const store = openRunStore(path.join(dir, 'lib', 'runs.sqlite'));
  cleanups.push(() => store.close());
  const [plan] = planRuns(adhocExperiment({ model: 'test-model', endpoint: srv.baseUrl }), []);
  const inputs = spiderPromptInputs(spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: root }).dir), 'dev');
  const { start, summary } = await generatePlannedRun(plan!, { store, inputs, codeVersion: 'test', env: () => undefined, cwd: root, limit: 8, timeoutMs: 10_000, maxAttempts: 2, check: true });
  expect(summary).toMatchObject({ total: 8, fetched: 8, failed: 0, aborted: false });
  expect(start).toMatchObject({ label: 'adhoc/test-model-keys-0shot', resumed: false, n: 8 });
  expect(srv.requests.map((r) => r.body)).toEqual(cliRequests.map((r) => r.body));
  const written = exportRun(store, store.findRun('adhoc', 'test-model-keys-0shot')!, path.join(dir, 'lib', 'out'));
  expect(written.kind).toBe('written');
  expect(fs.readFileSync(path.join(dir, 'lib', 'out', 'pred.sql'), 'utf8')).toBe(fs.readFileSync(path.join(cliHome, 'out', 'pred.sql'), 'utf8'));
  const runJson = (home: string): Record<string, unknown> => {
    const { store: _file, startedAt: _s, finishedAt: _f, codeVersion: _v, meanLatencyMs: _l, ...rest } = JSON.parse(fs.readFileSync(path.join(home, 'out', 'run.json'), 'utf8')) as Record<string, unknown>;
    return rest;
  };
  expect(runJson(path.join(dir, 'lib'))).toEqual(runJson(cliHome));
});
