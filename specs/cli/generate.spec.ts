import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { command as generate } from '../../src/cli/commands/generate.ts';
import { command as runs } from '../../src/cli/commands/runs.ts';
import { readPredictionFile } from '../../src/data/predictionFile.ts';
import { loadRunPredictions } from '../../src/store/loadRunPredictions.ts';
import { devExamples, normalizeSql } from '../generate/support/devPrompts.ts';
import { startLoopbackOpenAi, type LoopbackServer } from '../generate/support/loopbackOpenAiServer.ts';
import { runCliProcessAsync } from '../support/runCliProcess.ts';
import { runCommandInProcess, type CommandRun } from '../support/runCommandInProcess.ts';

const projectRoot = path.join(import.meta.dirname, '../..');
const examples = devExamples(12);
const gold = new Map(examples.map((e) => [e.question, e.gold]));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The "model" reads the question off the end of the real prompt and answers with its gold SQL. */
async function goldServer(models = ['test-model']): Promise<LoopbackServer> {
  const srv = await startLoopbackOpenAi({
    models,
    answer: (prompt) => {
      const q = /Question: ([^\n]*)(?:\nSQL:)?\s*$/.exec(prompt)?.[1];
      const sql = q === undefined ? undefined : gold.get(q);
      return sql === undefined ? undefined : `\`\`\`sql\n${sql}\n\`\`\``;
    },
  });
  cleanups.push(() => srv.close());
  return srv;
}

function home(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-cli-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const cli = (cmd: typeof generate, argv: string[], env: Record<string, string>): Promise<CommandRun> =>
  runCommandInProcess(cmd, argv, { env: { T2SQL_DATA: process.env.T2SQL_DATA, ...env }, cwd: projectRoot });

const expected = examples.map((e) => normalizeSql(e.gold));

describe('t2sql generate', () => {
  test('an ad hoc run: real prompts, predictions written for eval, resumed at no cost, listed by t2sql runs', async () => {
    const srv = await goldServer();
    const h = home();
    const out = path.join(h, 'out');
    const args = ['--model', 'test-model', '--endpoint', srv.baseUrl, '--schema', 'keys', '--limit', '12', '--concurrency', '4', '--out', out];
    const first = await cli(generate, args, { T2SQL_HOME: h });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/adhoc\/test-model-keys-0shot: done · 12 total: 0 already stored, 12 fetched, 0 cached, 0 failed/);
    // The server saw the prompt stage's prompts: system instruction, serialized schema, question.
    const body = srv.requests[0]!.body as { messages: { role: string; content: string }[] };
    expect(body.messages[0]!.role).toBe('system');
    expect(body.messages.at(-1)!.content).toMatch(/^Database schema:\n[\s\S]*singer[\s\S]*\n\nQuestion: /);
    const predictions = readPredictionFile(path.join(out, 'pred.sql'));
    expect(predictions.map((p) => normalizeSql(p.sql))).toEqual(expected);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'))).toMatchObject({ experiment: 'adhoc', name: 'test-model-keys-0shot', completed: 12, failed: 0 });

    const again = await cli(generate, args, { T2SQL_HOME: h });
    expect(again.stdout).toMatch(/12 already stored, 0 fetched/);
    expect(srv.requests).toHaveLength(12);
    expect(loadRunPredictions(h, { experiment: 'adhoc', run: 'test-model-keys-0shot' })!.map((p) => normalizeSql(p.sql))).toEqual(expected);

    const listed = await cli(runs, [], { T2SQL_HOME: h });
    expect(listed.stdout).toMatch(/adhoc\s+test-model-keys-0shot\s+test-model\s+keys\s+0\s+finished\s+12\/12/);

    // Same name, other settings: refused with a message, nothing mixed.
    await expect(cli(generate, [...args.slice(0, -2), '--schema', 'ddl', '--name', 'test-model-keys-0shot'], { T2SQL_HOME: h })).rejects.toThrow(/already exists with different settings \(prompt, promptVersion differ\)/);
  });

  test('an experiment file: grid runs picked by --run, completions API for base models, one folder per run', async () => {
    const srv = await goldServer(['base-model']);
    const h = home();
    const file = path.join(h, 'mini.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        name: 'mini',
        endpoints: { local: { profile: 'vllm', baseUrl: srv.baseUrl } },
        defaults: { model: 'base-model', api: 'completions', concurrency: 3 },
        runs: [{ name: 'base-{schema}', endpoint: 'local', grid: { schema: { minimal: { schema: 'minimal' }, ddl: { schema: 'ddl' }, keys: { schema: 'keys' } } } }],
      }),
    );
    const out = path.join(h, 'out');
    const r = await cli(generate, ['--experiment', file, '--run', 'base-m*', '--run', 'base-ddl', '--limit', '5', '--out', out], { T2SQL_HOME: h });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['base-ddl', 'base-minimal']);
    expect(readPredictionFile(path.join(out, 'base-ddl', 'pred.sql')).map((p) => normalizeSql(p.sql))).toEqual(expected.slice(0, 5));
    const sent = srv.requests.filter((q) => q.path === '/v1/completions');
    expect(sent).toHaveLength(10);
    // Base models continue the flattened prompt and stop where the prompt stage says an answer ends.
    expect(String(sent[0]!.body.prompt)).toMatch(/\nSQL:$/);
    expect(sent[0]!.body.stop).toEqual(['\n\n', '\nQuestion:']);
    expect(sent.some((q) => String(q.body.prompt).includes('CREATE TABLE'))).toBe(true);

    const listed = await cli(generate, ['--experiment', file, '--list'], { T2SQL_HOME: h });
    expect(listed.stdout).toMatch(/base-minimal .*finished \(5\/5, 0 failed\)/);
    expect(listed.stdout).toMatch(/base-keys .*not started/);
  });

  test('clear refusals: a missing API key, a model vLLM does not serve, an unreachable server', async () => {
    const srv = await goldServer();
    const h = home();
    await expect(cli(generate, ['--model', 'gpt-4.1-mini', '--profile', 'llmgateway', '--endpoint', srv.baseUrl, '--limit', '1'], { T2SQL_HOME: h })).rejects.toThrow(/LLMGATEWAY_API_KEY is not set/);
    await expect(cli(generate, ['--model', 'other', '--profile', 'vllm', '--endpoint', srv.baseUrl, '--limit', '1'], { T2SQL_HOME: h })).rejects.toThrow(/does not list model 'other' \(it lists test-model\); start it with t2sql serve --model other/);
    await srv.close();
    await expect(cli(generate, ['--model', 'test-model', '--endpoint', srv.baseUrl, '--limit', '1'], { T2SQL_HOME: h })).rejects.toThrow(/cannot list models at .*connection failed/);
    await expect(cli(generate, ['--model', 'm', '--shots', 'x'], { T2SQL_HOME: h })).rejects.toThrow(/--shots expects an integer from 0 to 64, got 'x'/);
  });
});

describe('t2sql generate: resuming, failures and flags', () => {
  test('resuming against another endpoint is refused, or with --allow-endpoint-change allowed and recorded', async () => {
    const first = await goldServer();
    const second = await goldServer();
    const h = home();
    const args = (srv: LoopbackServer, limit: string): string[] => ['--model', 'test-model', '--endpoint', srv.baseUrl, '--limit', limit, '--name', 'moving'];
    expect((await cli(generate, args(first, '3'), { T2SQL_HOME: h })).code).toBe(0);
    await expect(cli(generate, args(second, '6'), { T2SQL_HOME: h })).rejects.toThrow(
      new RegExp(`run adhoc/moving was generated against ${first.baseUrl}, not ${second.baseUrl}: resuming would mix two servers' completions; .*--allow-endpoint-change`),
    );
    expect(second.requests).toHaveLength(0);
    const moved = await cli(generate, [...args(second, '6'), '--allow-endpoint-change'], { T2SQL_HOME: h });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).toContain(`endpoint changed from ${first.baseUrl} to ${second.baseUrl} (allowed; recorded with each new completion)`);
    expect(second.requests).toHaveLength(3);
    const listed = JSON.parse((await cli(runs, ['--json'], { T2SQL_HOME: h })).stdout) as { endpoints: string[]; status: string }[];
    expect(listed).toMatchObject([{ status: 'finished', endpoints: [first.baseUrl, second.baseUrl] }]);
    expect((await cli(runs, [], { T2SQL_HOME: h })).stdout).toContain(`adhoc/moving: completions from 2 endpoints (${first.baseUrl}, ${second.baseUrl})`);
  });

  test('failed requests: no pred.sql unless --allow-incomplete, exit 1, the run listed as failures, not finished', async () => {
    const broken = new Set([examples[1]!.question, examples[4]!.question]);
    const srv = await startLoopbackOpenAi({
      answer: (prompt) => {
        const q = /Question: ([^\n]*)\s*$/.exec(prompt)?.[1];
        return q === undefined ? undefined : `\`\`\`sql\n${gold.get(q)}\n\`\`\``;
      },
      fault: (r) => (broken.has(/Question: ([^\n]*)\s*$/.exec(r.prompt)?.[1] ?? '') ? { kind: 'status', status: 400 } : null),
    });
    cleanups.push(() => srv.close());
    const h = home();
    const out = path.join(h, 'out');
    const args = ['--model', 'test-model', '--endpoint', srv.baseUrl, '--limit', '6', '--out', out];
    const r = await cli(generate, args, { T2SQL_HOME: h });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`not writing ${path.relative(projectRoot, path.join(out, 'pred.sql'))}: 2 of 6 examples have no completion (2 failed request(s)); generate them`);
    expect(r.stderr).toContain('--allow-incomplete');
    expect(r.stderr).toContain('2 completion(s) failed (recorded); run the same command again to retry them');
    expect(fs.existsSync(path.join(out, 'pred.sql'))).toBe(false);
    expect((await cli(runs, [], { T2SQL_HOME: h })).stdout).toMatch(/adhoc\s+test-model-keys-0shot\s+test-model\s+keys\s+0\s+failures\s+4\/6\s+2/);
    expect(loadRunPredictions(h, { experiment: 'adhoc', run: 'test-model-keys-0shot' })).toBeNull();
    await expect(cli(runs, ['export', 'adhoc/test-model-keys-0shot', '--out', out], { T2SQL_HOME: h })).rejects.toThrow(/not writing .*2 of 6 examples have no completion/);

    // Accepted explicitly: written, the count said, the examples listed, exit 0.
    const accepted = await cli(generate, [...args, '--allow-incomplete'], { T2SQL_HOME: h });
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toMatch(/wrote .*pred\.sql \(6 predictions; 2 of 6 examples have no completion \(2 failed request\(s\)\): written as empty lines\) and run\.json/);
    const lines = readPredictionFile(path.join(out, 'pred.sql')).map((p) => p.sql);
    expect(lines.map((l, i) => (l === '' ? i : -1)).filter((i) => i >= 0)).toEqual([1, 4]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'))).toMatchObject({ status: 'failures', failed: 2, missing: { failed: [1, 4], absent: [] } });
  });

  test('an --out that cannot be written is one line and exit 1 before any request (child process)', async () => {
    const srv = await goldServer();
    const h = home();
    const taken = path.join(h, 'taken.sql');
    fs.writeFileSync(taken, 'kept\n');
    const blocked = path.join(h, 'blocked');
    fs.mkdirSync(path.join(blocked, 'pred.sql'), { recursive: true });
    const args = ['generate', '--model', 'test-model', '--endpoint', srv.baseUrl, '--schema', 'keys', '--limit', '3'];
    const file = await runCliProcessAsync([...args, '--out', taken], { env: { T2SQL_HOME: h } });
    expect(file.status, file.stderr).toBe(1);
    expect(file.stderr).toBe(`t2sql generate: ${taken}: exists and is not a folder; --out takes a folder to write pred.sql and run.json in\n`);
    const folder = await runCliProcessAsync([...args, '--out', blocked], { env: { T2SQL_HOME: h } });
    expect(folder.status, folder.stderr).toBe(1);
    expect(folder.stderr).toBe(`t2sql generate: ${path.join(blocked, 'pred.sql')}: is a folder; cannot write pred.sql over it\n`);
    expect(srv.requests).toHaveLength(0);
    expect(fs.readFileSync(taken, 'utf8')).toBe('kept\n');
    // A new --out is made when written, and not left behind empty when the check is all that ran.
    const fresh = path.join(h, 'new', 'out');
    await expect(cli(generate, [...args.slice(1), '--out', fresh, '--limit', '5000'], { T2SQL_HOME: h })).rejects.toThrow(/--limit 5000 is more than/);
    expect(fs.existsSync(path.join(h, 'new'))).toBe(false);
    const ok = await cli(generate, [...args.slice(1), '--out', fresh], { T2SQL_HOME: h });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readPredictionFile(path.join(fresh, 'pred.sql')).map((p) => normalizeSql(p.sql))).toEqual(expected.slice(0, 3));
  });

  test('numeric flags out of their real range are refused before anything runs', async () => {
    const h = home();
    const run = (extra: string[]) => cli(generate, ['--model', 'm', '--endpoint', 'http://127.0.0.1:9/v1', ...extra], { T2SQL_HOME: h });
    await expect(run(['--concurrency', '1000'])).rejects.toThrow(/^--concurrency must be from 1 to 256, got 1000$/);
    await expect(run(['--concurrency', '0'])).rejects.toThrow(/--concurrency must be from 1 to 256/);
    await expect(run(['--timeout', '3000000'])).rejects.toThrow(/--timeout must be from 1 to 86400 seconds, got 3000000/);
    await expect(run(['--timeout', '0.0001'])).rejects.toThrow(/--timeout must be from 1 to 86400 seconds/);
    await expect(run(['--max-attempts', '0'])).rejects.toThrow(/--max-attempts must be from 1 to 20/);
    await expect(run(['--samples', '1000'])).rejects.toThrow(/--samples must be from 1 to 100/);
    await expect(run(['--shots=-1'])).rejects.toThrow(/--shots must be from 0 to 64/);
    await expect(run(['--max-tokens', '0'])).rejects.toThrow(/--max-tokens must be from 1 to/);
    await expect(run(['--temperature', '5'])).rejects.toThrow(/--temperature must be from 0 to 2/);
    await expect(run(['--limit', '5000'])).rejects.toThrow(/--limit 5000 is more than the 1034 questions of dev/);
    // An experiment file is held to the same ranges.
    const file = path.join(h, 'x.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'x', endpoints: { e: { baseUrl: 'http://127.0.0.1:9/v1' } }, runs: [{ name: 'r', endpoint: 'e', model: 'm', schema: 'keys', concurrency: 100000 }] }));
    await expect(cli(generate, ['--experiment', file], { T2SQL_HOME: h })).rejects.toThrow(/runs\[0\]\.concurrency: must be an integer from 1 to 256, got 100000/);
    expect((await cli(runs, [], { T2SQL_HOME: h })).stdout).toMatch(/no runs in|no run store/);
  });
});
