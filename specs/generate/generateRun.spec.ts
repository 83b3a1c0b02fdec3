import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodingSettings } from '../../src/generate/DecodingSettings.ts';
import { endpointConfig } from '../../src/generate/EndpointConfig.ts';
import { generateRun, type GenerationProgress } from '../../src/generate/generateRun.ts';
import { openAiBackend } from '../../src/generate/openAiBackend.ts';
import type { RunConfig } from '../../src/generate/RunConfig.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import type { RunStore } from '../../src/store/RunStore.ts';
import { cannedAnswers, chatItems, devExamples, extract, normalizeSql, textItems, type DevExample } from './support/devPrompts.ts';
import { startLoopbackOpenAi, type Fault, type LoopbackServer } from './support/loopbackOpenAiServer.ts';
import { testRunConfig } from '../support/testRunConfig.ts';
import { testCleanups } from '../support/cleanups.ts';

const cleanups = testCleanups();

function tempStore(): RunStore {
  const store = openRunStore(path.join(cleanups.tempDir('t2sql-gen-'), 'runs.sqlite'));
  cleanups.push(() => store.close());
  return store;
}

async function server(...args: Parameters<typeof startLoopbackOpenAi>): Promise<LoopbackServer> {
  const s = await startLoopbackOpenAi(...args);
  cleanups.push(() => s.close());
  return s;
}

function config(name: string, overrides: Partial<RunConfig> = {}): RunConfig {
  return testRunConfig({ name, endpoint: 'loopback', model: 'test-model', ...overrides });
}

/** The canned answer held the gold query: extraction must give it back (up to whitespace). */
const expectedSql = (e: DevExample): string | null => normalizeSql(e.gold);

/** Faults on the first attempt of chosen examples; every retry succeeds. */
function transientFaults(examples: readonly DevExample[]): Map<string, Fault> {
  const plan = new Map<string, Fault>();
  const pick = (i: number, f: Fault): void => void plan.set(examples[i]!.question, f);
  pick(1, { kind: 'status', status: 429, retryAfterMs: 80 });
  pick(4, { kind: 'status', status: 429, retryAfter: '1' });
  pick(7, { kind: 'status', status: 500 });
  pick(9, { kind: 'status', status: 503 });
  pick(12, { kind: 'drop' });
  pick(15, { kind: 'drop' });
  pick(18, { kind: 'slow', ms: 1_500 });
  return plan;
}

describe('generateRun against a loopback OpenAI server', () => {
  test('transient faults are retried; every example ends with exactly one completion; a second run is all cache', async () => {
    const examples = devExamples(30);
    const plan = transientFaults(examples);
    const srv = await server({ answers: cannedAnswers(examples), latencyMs: 15, fault: (r) => (r.attempt === 1 ? plan.get(r.prompt) ?? null : null) });
    const store = tempStore();
    const backend = openAiBackend(endpointConfig({ profile: 'vllm', baseUrl: srv.baseUrl }), { timeoutMs: 400 });
    const { run } = store.beginRun(config('first'), { n: examples.length, codeVersion: 'test' });
    const progress: GenerationProgress[] = [];
    const summary = await generateRun(chatItems(examples), {
      backend,
      ledger: store.ledger(run.id),
      model: 'test-model',
      extract,
      concurrency: 4,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
      onProgress: (p) => progress.push(p),
    });

    expect(summary).toMatchObject({ total: 30, fetched: 30, cached: 0, failed: 0, retries: plan.size, aborted: false });
    // One request per example plus one per injected fault: nothing was asked twice needlessly.
    expect(srv.requests.length).toBe(30 + plan.size);
    expect(srv.maxInFlight).toBeLessThanOrEqual(4);
    expect(srv.maxInFlight).toBeGreaterThan(1);
    expect(progress.every((p) => p.inFlight <= 4)).toBe(true);

    const outcomes = store.outcomes(run.id);
    expect(outcomes.map((o) => o.index)).toEqual(examples.map((e) => e.index));
    for (const e of examples) {
      const o = outcomes[e.index]!;
      expect(o.kind).toBe('completion');
      if (o.kind !== 'completion') continue;
      expect(normalizeSql(o.sql)).toBe(expectedSql(e));
      expect(o.attempts).toBe(plan.has(e.question) ? 2 : 1);
      expect(o.cachedFrom).toBeNull();
    }
    expect(store.findRun('spec', 'first')!.finishedAt).not.toBeNull();

    // Retry-After is honoured: the retry of a "Retry-After: 1" example came at least 1 s after the 429.
    const slowRetry = srv.requests.filter((r) => r.prompt === examples[4]!.question);
    expect(slowRetry).toHaveLength(2);
    expect(slowRetry[1]!.receivedAt - slowRetry[0]!.finishedAt!).toBeGreaterThanOrEqual(990);
    const msRetry = srv.requests.filter((r) => r.prompt === examples[1]!.question);
    expect(msRetry[1]!.receivedAt - msRetry[0]!.finishedAt!).toBeGreaterThanOrEqual(75);

    // Same settings, new run: served entirely from the cache, no request sent.
    const before = srv.requests.length;
    const second = store.beginRun(config('second'), { n: examples.length, codeVersion: 'test' }).run;
    const again = await generateRun(chatItems(examples), { backend, ledger: store.ledger(second.id), model: 'test-model', extract, concurrency: 4 });
    expect(again).toMatchObject({ fetched: 0, cached: 30, failed: 0, latencyMs: null, tokens: { prompt: 0, completion: 0 } });
    expect(srv.requests.length).toBe(before);
    const replay = store.outcomes(second.id);
    expect(replay.map((o) => (o.kind === 'completion' ? normalizeSql(o.sql) : null))).toEqual(examples.map(expectedSql));
    expect(replay.every((o) => o.kind === 'completion' && o.cachedFrom !== null && o.latencyMs === null)).toBe(true);
    const listed = store.listRuns({ experiment: 'spec' });
    expect(listed.map((r) => [r.name, r.completed, r.cached])).toEqual([
      ['first', 30, 0],
      ['second', 30, 30],
    ]);
    expect(listed[0]!.tokens.completion).toBeGreaterThan(0);
    expect(listed[1]!.tokens).toEqual({ prompt: 0, completion: 0 });
    expect(listed[1]!.meanLatencyMs).toBeNull();
  });

  test('persistent faults end as recorded failures, are never cached, and are retried on resume', async () => {
    const examples = devExamples(12);
    const broken = new Map<string, Fault>([
      [examples[2]!.question, { kind: 'status', status: 500 }],
      [examples[5]!.question, { kind: 'invalid-json' }],
      [examples[8]!.question, { kind: 'no-choices' }],
      [examples[10]!.question, { kind: 'status', status: 400 }],
    ]);
    let faulty = true;
    const srv = await server({ answers: cannedAnswers(examples), fault: (r) => (faulty ? broken.get(r.prompt) ?? null : null) });
    const store = tempStore();
    const backend = openAiBackend(endpointConfig({ baseUrl: srv.baseUrl }), { timeoutMs: 2_000 });
    const { run } = store.beginRun(config('broken'), { n: examples.length, codeVersion: 'test' });
    const setup = { backend, ledger: store.ledger(run.id), model: 'test-model', extract, concurrency: 3, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } };
    const summary = await generateRun(chatItems(examples), setup);
    expect(summary).toMatchObject({ fetched: 8, failed: 4 });
    const count = (i: number): number => srv.requests.filter((r) => r.prompt === examples[i]!.question).length;
    expect([count(2), count(5), count(8), count(10)]).toEqual([3, 1, 1, 1]); // only the 500 is retried

    const failures = store.outcomes(run.id).filter((o) => o.kind === 'failure');
    expect(failures.map((f) => [f.index, f.error.kind, f.attempts])).toEqual([
      [2, 'http', 3],
      [5, 'malformed', 1],
      [8, 'malformed', 1],
      [10, 'http', 1],
    ]);
    // Every example has an outcome, but failures are not completions: the run is not finished.
    expect(store.findRun('spec', 'broken')!.finishedAt).toBeNull();
    expect(store.listRuns({ experiment: 'spec' }).find((r) => r.name === 'broken')).toMatchObject({ status: 'failures', completed: 8, failed: 4 });

    // Errors are not cached: another run with the same settings asks again for exactly those four.
    faulty = false;
    const before = srv.requests.length;
    const other = store.beginRun(config('other'), { n: examples.length, codeVersion: 'test' }).run;
    const s2 = await generateRun(chatItems(examples), { ...setup, ledger: store.ledger(other.id) });
    expect(s2).toMatchObject({ fetched: 4, cached: 8, failed: 0 });
    expect(srv.requests.length - before).toBe(4);

    // Resuming the first run replaces its failures with the (now cached) completions, no duplicates.
    const resumed = store.beginRun(config('broken'), { n: examples.length, codeVersion: 'test' });
    expect(resumed.resumed).toBe(true);
    const s3 = await generateRun(chatItems(examples), { ...setup, ledger: store.ledger(run.id) });
    expect(s3).toMatchObject({ resumed: 8, fetched: 0, cached: 4, failed: 0 });
    const outcomes = store.outcomes(run.id);
    expect(outcomes).toHaveLength(12);
    expect(outcomes.every((o) => o.kind === 'completion')).toBe(true);
    expect(store.predictions(run.id).map((p) => normalizeSql(p.sql))).toEqual(examples.map(expectedSql));
  });

  test('base models use /v1/completions; decoding settings are sent and recorded; samples are distinct draws', async () => {
    const examples = devExamples(6);
    const srv = await server({ answers: cannedAnswers(examples) });
    const store = tempStore();
    const backend = openAiBackend(endpointConfig({ baseUrl: srv.baseUrl }));
    const decoding = decodingSettings({ temperature: 0.7, topP: 0.95, maxTokens: 128, seed: 40, stop: ['\n\n'] });
    const { run } = store.beginRun(config('sampled', { api: 'completions', decoding, samples: 3 }), { n: 6, codeVersion: 'test' });
    const summary = await generateRun(textItems(examples), { backend, ledger: store.ledger(run.id), model: 'base-model', extract, decoding, samples: 3, concurrency: 5 });
    expect(summary).toMatchObject({ total: 18, fetched: 18, cached: 0 });
    expect(srv.requests.every((r) => r.path === '/v1/completions' && r.model === 'base-model')).toBe(true);
    const first = srv.requests.filter((r) => r.prompt === srv.requests[0]!.prompt).map((r) => r.body);
    expect(first.map((b) => b.seed).sort()).toEqual([40, 41, 42]);
    expect(first[0]).toMatchObject({ temperature: 0.7, top_p: 0.95, max_tokens: 128, stop: ['\n\n'] });
    const outcomes = store.outcomes(run.id);
    expect(outcomes).toHaveLength(18);
    expect(new Set(outcomes.map((o) => o.cacheKey)).size).toBe(18);
    for (const o of outcomes) {
      if (o.kind !== 'completion') throw new Error('expected completions only');
      expect(o.decoding).toEqual(decoding);
      expect(normalizeSql(o.sql)).toBe(expectedSql(examples[o.index]!));
    }
    expect(store.predictions(run.id, { sample: 2 })).toHaveLength(6);
  });

  test('an aborted run records nothing half-done and resumes without asking twice', async () => {
    const examples = devExamples(24);
    const controller = new AbortController();
    let answered = 0;
    const srv = await server({ answers: cannedAnswers(examples), latencyMs: 30, onAnswer: () => void (++answered === 8 && controller.abort()) });
    const store = tempStore();
    const backend = openAiBackend(endpointConfig({ baseUrl: srv.baseUrl }));
    const { run } = store.beginRun(config('aborted'), { n: 24, codeVersion: 'test' });
    const s1 = await generateRun(chatItems(examples), { backend, ledger: store.ledger(run.id), model: 'test-model', extract, concurrency: 4, signal: controller.signal });
    expect(s1.aborted).toBe(true);
    const kept = store.outcomes(run.id);
    expect(kept.length).toBe(s1.fetched);
    expect(kept.every((o) => o.kind === 'completion')).toBe(true);
    expect(store.findRun('spec', 'aborted')!.finishedAt).toBeNull();

    const asked = new Set(kept.map((o) => examples[o.index]!.question));
    const before = srv.requests.length;
    const s2 = await generateRun(chatItems(examples), { backend, ledger: store.ledger(run.id), model: 'test-model', extract, concurrency: 4 });
    expect(s2.resumed).toBe(kept.length);
    expect(s2.fetched + s2.cached).toBe(24 - kept.length);
    expect(srv.requests.slice(before).some((r) => asked.has(r.prompt))).toBe(false);
    expect(store.predictions(run.id).map((p) => normalizeSql(p.sql))).toEqual(examples.map(expectedSql));
    expect(store.findRun('spec', 'aborted')!.finishedAt).not.toBeNull();
  });
});
