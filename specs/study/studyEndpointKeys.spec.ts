// `t2sql study run --endpoint A --endpoint B`: an API key goes only to the endpoint it belongs to
// (an --endpoint at the URL of the experiment's gateway, which reads it from apiKeyEnv), never to
// a vLLM server beside it: neither when listing each server's models nor with the completions.
// Two small OpenAI-compatible servers record the Authorization header of every request.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { parseExperiment } from '../../src/generate/parseExperiment.ts';
import { spiderPromptInputs } from '../../src/generate/spiderPromptInputs.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { runStudy } from '../../src/study/runStudy.ts';
import { studyCells } from '../../src/study/studyCells.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: repo }).dir);
const KEY = 'gateway-secret';

interface Recording {
  readonly baseUrl: string;
  readonly seen: { path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** An OpenAI-compatible server listing `models` and answering every chat completion with one SQL. */
async function recordingServer(models: readonly string[]): Promise<Recording> {
  const seen: Recording['seen'] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
      const body =
        req.url === '/v1/models'
          ? { object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'spec' })) }
          : { id: 'c', object: 'chat.completion', created: 0, model: models[0], choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'SELECT count(*) FROM singer' } }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { baseUrl: `http://127.0.0.1:${port}/v1`, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('study run on several --endpoint: API keys', () => {
  requireData([paths.dev, paths.devGold, paths.tables, paths.databaseDir], fetchData.spider);
  let dir: string;
  let vllm: Recording;
  let gateway: Recording;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-study-keys-'));
    vllm = await recordingServer(['model-v']);
    gateway = await recordingServer(['model-g']);
  });
  afterAll(async () => {
    await vllm?.close();
    await gateway?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the gateway gets its key, the vLLM server none', async () => {
    const experiment = parseExperiment({
      name: 'keys',
      endpoints: { gpu: { profile: 'vllm', baseUrl: 'http://127.0.0.1:9/v1' }, gw: { profile: 'llmgateway', baseUrl: gateway.baseUrl, apiKeyEnv: 'LLMGATEWAY_API_KEY' } },
      runs: [
        { name: 'open', endpoint: 'gpu', model: 'model-v', schema: 'minimal' },
        { name: 'frontier', endpoint: 'gw', model: 'model-g', schema: 'minimal' },
      ],
    });
    const inputs = spiderPromptInputs(paths, 'dev');
    const cells = studyCells(experiment, { splitSize: inputs.examples.length, limit: 2 });
    const store = openRunStore(path.join(dir, 'runs.sqlite'));
    const pool = new SqlitePool();
    try {
      const result = await runStudy(cells, {
        store, adapters: [], inputs, dataRoot: path.dirname(paths.root), executor: pool, codeVersion: 'test', cwd: dir,
        env: (name) => (name === 'LLMGATEWAY_API_KEY' ? KEY : undefined),
        endpoints: [vllm.baseUrl, gateway.baseUrl], timeoutMs: 10_000, maxAttempts: 1,
      });
      expect([result.generated, result.scored, result.skipped, result.failed]).toEqual([2, 2, 0, 0]);
    } finally {
      store.close();
      await pool.close();
    }
    expect(vllm.seen.map((r) => r.path)).toEqual(['/v1/models', '/v1/chat/completions', '/v1/chat/completions']);
    expect(gateway.seen.map((r) => r.path)).toEqual(['/v1/models', '/v1/chat/completions', '/v1/chat/completions']);
    for (const r of vllm.seen) expect(r.authorization, r.path).not.toContain(KEY);
    for (const r of gateway.seen) expect(r.authorization, r.path).toBe(`Bearer ${KEY}`);
  });
});
