import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodingSettings } from '../../src/generate/DecodingSettings.ts';
import { endpointConfig } from '../../src/generate/EndpointConfig.ts';
import type { CompletionRequest } from '../../src/generate/CompletionBackend.ts';
import { openAiBackend } from '../../src/generate/openAiBackend.ts';
import { startLoopbackOpenAi, type Fault, type LoopbackServer } from './support/loopbackOpenAiServer.ts';

// Each prompt names the fault the server injects for it.
const faults: Record<string, Fault> = {
  'rate-limited': { kind: 'status', status: 429, retryAfter: '2' },
  'rate-limited-ms': { kind: 'status', status: 429, retryAfterMs: 250, retryAfter: '9' },
  'rate-limited-date': { kind: 'status', status: 429, retryAfter: new Date(Date.now() + 60_000).toUTCString() },
  'server-error': { kind: 'status', status: 500 },
  'bad-request': { kind: 'status', status: 400 },
  dropped: { kind: 'drop' },
  slow: { kind: 'slow', ms: 2_000 },
  'invalid-json': { kind: 'invalid-json' },
  'no-choices': { kind: 'no-choices' },
};

let srv: LoopbackServer;
beforeAll(async () => {
  srv = await startLoopbackOpenAi({
    answers: new Map([['ok', 'SELECT name FROM singer']]),
    models: ['Qwen/Qwen2.5-Coder-7B-Instruct', 'spider-lora'],
    fault: (r) => faults[r.prompt] ?? null,
  });
});
afterAll(() => srv.close());

const chat = (prompt: string): CompletionRequest => ({
  model: 'm',
  prompt: { kind: 'chat', messages: [{ role: 'user', content: prompt }] },
  decoding: decodingSettings(),
  sample: 0,
});

describe('openAiBackend', () => {
  test('a good answer carries text, finish reason and token usage', async () => {
    const backend = openAiBackend(endpointConfig({ baseUrl: srv.baseUrl }));
    const result = await backend.complete(chat('ok'));
    expect(result).toMatchObject({ kind: 'ok', completion: { text: 'SELECT name FROM singer', finishReason: 'stop', promptTokens: 1, completionTokens: 4 } });
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(backend.identity).toBe(srv.baseUrl);
  });

  test('each fault maps onto its error kind', async () => {
    const backend = openAiBackend(endpointConfig({ baseUrl: srv.baseUrl }), { timeoutMs: 300 });
    const error = async (prompt: string) => {
      const r = await backend.complete(chat(prompt));
      if (r.kind !== 'error') throw new Error(`expected an error for ${prompt}`);
      return r.error;
    };
    expect(await error('rate-limited')).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 2000 });
    expect(await error('rate-limited-ms')).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 250 });
    const dated = await error('rate-limited-date');
    expect(dated.kind === 'http' && dated.retryAfterMs).toBeGreaterThan(55_000);
    expect(await error('server-error')).toMatchObject({ kind: 'http', status: 500, retryAfterMs: null });
    expect(await error('bad-request')).toMatchObject({ kind: 'http', status: 400 });
    expect(await error('dropped')).toMatchObject({ kind: 'connection' });
    expect(await error('slow')).toEqual({ kind: 'timeout', ms: 300 });
    expect(await error('invalid-json')).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/JSON/) });
    expect(await error('no-choices')).toEqual({ kind: 'malformed', message: 'no choices in the response' });
  });

  test('a caller abort is reported as aborted, not as a timeout', async () => {
    const backend = openAiBackend(endpointConfig({ baseUrl: srv.baseUrl }), { timeoutMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await backend.complete(chat('slow'), { signal: controller.signal })).toMatchObject({ kind: 'error', error: { kind: 'aborted' } });
  });

  test('a refused connection is a connection error', async () => {
    const closed = await startLoopbackOpenAi();
    const url = closed.baseUrl;
    await closed.close();
    const r = await openAiBackend(endpointConfig({ baseUrl: url })).complete(chat('ok'));
    expect(r).toMatchObject({ kind: 'error', error: { kind: 'connection', message: expect.stringMatching(/ECONNREFUSED/) } });
  });

  test('the key and extra headers are sent; the key is not part of the identity', async () => {
    const endpoint = endpointConfig({ profile: 'llmgateway', baseUrl: srv.baseUrl, headers: { 'x-study': 'qwen' } });
    const a = openAiBackend(endpoint, { apiKey: 'sk-secret-1' });
    const b = openAiBackend(endpoint, { apiKey: 'sk-secret-2' });
    await a.complete(chat('ok'));
    const sent = srv.requests.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer sk-secret-1');
    expect(sent.headers['x-study']).toBe('qwen');
    expect(a.identity).toBe(b.identity);
    expect(a.identity).not.toMatch(/secret/);
  });

  test('listModels reads /v1/models', async () => {
    const backend = openAiBackend(endpointConfig({ baseUrl: srv.baseUrl }));
    expect(await backend.listModels()).toEqual({ kind: 'ok', models: ['Qwen/Qwen2.5-Coder-7B-Instruct', 'spider-lora'] });
  });
});
