import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { PromptPayload } from '../../src/generate/CompletionBackend.ts';
import { CACHE_KEY_VERSION, completionCacheKey, type CacheKeyParts } from '../../src/generate/completionCacheKey.ts';
import { decodingSettings } from '../../src/generate/DecodingSettings.ts';
import { endpointConfig, endpointIdentity } from '../../src/generate/EndpointConfig.ts';
import { chatItems, devExamples } from './support/devPrompts.ts';
import { fcParams } from '../support/fastCheck.ts';

const params = fcParams(100);

const role = fc.constantFrom('system' as const, 'user' as const, 'assistant' as const);
const prompt: fc.Arbitrary<PromptPayload> = fc.oneof(
  fc.record({ kind: fc.constant('chat' as const), messages: fc.array(fc.record({ role, content: fc.string() }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('text' as const), text: fc.string() }),
);
const parts: fc.Arbitrary<CacheKeyParts> = fc.record({
  endpoint: fc.constantFrom('http://127.0.0.1:8000/v1', 'https://api.llmgateway.io/v1'),
  model: fc.string({ minLength: 1 }),
  adapterHash: fc.option(fc.stringMatching(/^[0-9a-f]{8}$/)),
  prompt,
  decoding: fc
    .record({
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      topP: fc.double({ min: 0.01, max: 1, noNaN: true }),
      maxTokens: fc.integer({ min: 1, max: 4096 }),
      seed: fc.option(fc.integer({ min: 0, max: 1000 })),
      stop: fc.array(fc.string({ minLength: 1 }), { maxLength: 2 }),
    })
    .map((d) => decodingSettings(d)),
  sample: fc.nat(8),
});

/** One changed ingredient per variant: each must change the key. */
function variants(p: CacheKeyParts): CacheKeyParts[] {
  const d = p.decoding;
  return [
    { ...p, endpoint: p.endpoint + '/other' },
    { ...p, model: p.model + 'x' },
    { ...p, adapterHash: p.adapterHash === null ? 'abc' : null },
    { ...p, prompt: p.prompt.kind === 'text' ? { kind: 'text', text: p.prompt.text + ' ' } : { kind: 'text', text: JSON.stringify(p.prompt.messages) } },
    { ...p, decoding: { ...d, temperature: d.temperature === 0 ? 0.5 : 0 } },
    { ...p, decoding: { ...d, topP: d.topP === 1 ? 0.9 : 1 } },
    { ...p, decoding: { ...d, maxTokens: d.maxTokens + 1 } },
    { ...p, decoding: { ...d, seed: d.seed === null ? 1 : null } },
    { ...p, decoding: { ...d, stop: [...d.stop, ';'] } },
    { ...p, sample: p.sample + 1 },
  ];
}

describe('completionCacheKey', () => {
  test.prop([parts], params)('every ingredient changes the key', (p) => {
    const key = completionCacheKey(p);
    for (const v of variants(p)) expect(completionCacheKey(v)).not.toBe(key);
  });

  test.prop([parts], params)('is deterministic, versioned, and independent of field order', (p) => {
    const reordered = Object.fromEntries(Object.entries({ ...p, decoding: Object.fromEntries(Object.entries(p.decoding).reverse()) }).reverse()) as unknown as CacheKeyParts;
    expect(completionCacheKey(reordered)).toBe(completionCacheKey(p));
    expect(completionCacheKey(p)).toMatch(new RegExp(`^v${CACHE_KEY_VERSION}:[0-9a-f]{64}$`));
  });

  test('no credentials, headers, timeouts or retry settings can reach it; equivalent URLs agree', () => {
    const a = endpointConfig({ profile: 'llmgateway', baseUrl: 'https://API.llmgateway.io/v1/', apiKeyEnv: 'KEY_A', headers: { authorization: 'Bearer x' } });
    const b = endpointConfig({ profile: 'openai-compatible', baseUrl: 'https://api.llmgateway.io/v1', apiKeyEnv: 'KEY_B' });
    expect(endpointIdentity(a)).toBe(endpointIdentity(b));
    expect(endpointIdentity(a)).toBe('https://api.llmgateway.io/v1');
    expect(() => endpointConfig({ baseUrl: 'https://user:pw@example.com/v1' })).toThrow(/credentials/);
  });

  test('the 1,034 Spider dev prompts get 1,034 distinct keys', () => {
    const items = chatItems(devExamples(1034));
    const keys = new Set(items.map((i) => completionCacheKey({ endpoint: 'e', model: 'm', adapterHash: null, prompt: i.prompt, decoding: decodingSettings(), sample: 0 })));
    expect(keys.size).toBe(1034);
  });
});
