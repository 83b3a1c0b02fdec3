import { setMaxListeners } from 'node:events';
import type { CompletionBackend, CompletionText, GenerationError, PromptPayload } from './CompletionBackend.ts';
import { decodingSettings, type DecodingSettings } from './DecodingSettings.ts';
import type { GenerationLedger, LeaseHolder } from './GenerationLedger.ts';
import { completionCacheKey } from './completionCacheKey.ts';
import { generationLimits } from './generationLimits.ts';
import { retryDelay, retryPolicy, type RetryPolicy } from './retryPolicy.ts';
import type { ExtractedSql } from '../prompt/extractSql.ts';
import { forEachBounded } from '../core/boundedConcurrency.ts';
import { Xoshiro128 } from '../core/xoshiro128.ts';
import { sleep } from './_internals/sleep.ts';

/** One example to complete. */
export interface GenerationItem {
  /** The example's index in its split (dev order). */
  readonly index: number;
  readonly prompt: PromptPayload;
  /** The prompt builder's content hash, recorded with the completion. */
  readonly promptHash: string;
}

export interface GenerationProgress {
  /** items × samples */
  readonly total: number;
  /** Completed by an earlier, interrupted invocation of this run. */
  readonly resumed: number;
  /** Fetched from the server in this invocation. */
  readonly fetched: number;
  /** Served from the cache (no request, no cost). */
  readonly cached: number;
  /** Completed meanwhile by another process generating the same run. */
  readonly byOthers: number;
  /** Settled as a failure, by this process or (meanwhile) by another one generating the same run. */
  readonly failed: number;
  readonly retries: number;
  readonly inFlight: number;
  /** Items another live process holds the lease on right now (this one waits for them). */
  readonly heldElsewhere: number;
  /** One of the processes holding them, to name in messages. */
  readonly heldBy: LeaseHolder | null;
  readonly elapsedMs: number;
  /** Items settled per second in this invocation. */
  readonly rate: number;
  readonly etaMs: number | null;
}

export interface GenerationSummary extends GenerationProgress {
  /** Completions whose text held no SQL (kept, with the reason, as the model's answer). */
  readonly noSql: number;
  /** Request latency of fetched completions; cache hits are not counted. */
  readonly latencyMs: { readonly mean: number; readonly p50: number; readonly p95: number } | null;
  /** Token counts of fetched completions, as reported by the server (cache hits cost nothing). */
  readonly tokens: { readonly prompt: number; readonly completion: number };
  /** Stopped by the caller's signal; unsettled items stay open for the next invocation. */
  readonly aborted: boolean;
}

export interface GenerateRunSetup {
  readonly backend: CompletionBackend;
  readonly ledger: GenerationLedger;
  /** Model name as sent (a vLLM LoRA adapter's name for adapter runs). */
  readonly model: string;
  /** `extractSql` from the prompt stage; applied to fresh and cached text alike. */
  readonly extract: (response: string) => ExtractedSql;
  readonly adapterHash?: string | null;
  readonly decoding?: DecodingSettings;
  /** Samples per example (self-consistency); each is its own cache entry. Default 1. */
  readonly samples?: number;
  /** Most requests in flight at once. Default 8. */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Seed of the retry jitter. Default 0. */
  readonly jitterSeed?: number;
  /** How often to look again at an item another process holds, ms. Default 500. */
  readonly pollMs?: number;
  readonly onProgress?: (progress: GenerationProgress) => void;
  readonly signal?: AbortSignal;
}

interface Work {
  readonly item: GenerationItem;
  readonly sample: number;
}

/**
 * Completes every (item, sample) of a run that the ledger does not already hold, at most
 * `concurrency` at a time, each ending as exactly one recorded completion or failure.
 * Each outcome is committed as it arrives, so an interrupted run resumes where it stopped.
 * Each item is claimed in the ledger before it is requested: items another process is
 * requesting are left to it and waited for at the end (taken over if that process dies),
 * never requested twice.
 */
export async function generateRun(items: readonly GenerationItem[], setup: GenerateRunSetup): Promise<GenerationSummary> {
  const samples = setup.samples ?? 1;
  const concurrency = setup.concurrency ?? 8;
  if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`samples must be a positive integer, got ${samples}`);
  const { min, max } = generationLimits.concurrency;
  if (!(Number.isInteger(concurrency) && concurrency >= min && concurrency <= max)) throw new RangeError(`concurrency must be an integer from ${min} to ${max}, got ${concurrency}`);
  const pollMs = setup.pollMs ?? 500;
  const seen = new Set<number>();
  for (const item of items) {
    if (seen.has(item.index)) throw new RangeError(`example index ${item.index} appears twice`);
    seen.add(item.index);
  }
  const decoding = setup.decoding ?? decodingSettings();
  const policy = retryPolicy(setup.retry);
  const jitter = Xoshiro128.fromSeed(setup.jitterSeed ?? 0);
  const random = (): number => jitter.nextFloat();
  const { backend, ledger, extract, model } = setup;
  const adapterHash = setup.adapterHash ?? null;

  // An internal signal, so a failing ledger stops the other workers too.
  const stop = new AbortController();
  // Each request in flight listens to it; that many listeners is the design, not a leak.
  setMaxListeners(concurrency * 2 + 16, stop.signal);
  const onOuterAbort = (): void => stop.abort();
  if (setup.signal?.aborted) stop.abort();
  setup.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const work: Work[] = [];
  let resumed = 0;
  for (const item of items) {
    for (let sample = 0; sample < samples; sample++) {
      if (ledger.isCompleted(item.index, sample)) resumed++;
      else work.push({ item, sample });
    }
  }

  const start = performance.now();
  const latencies: number[] = [];
  const tokens = { prompt: 0, completion: 0 };
  let fetched = 0;
  let cached = 0;
  let byOthers = 0;
  let failed = 0;
  let retries = 0;
  let noSql = 0;
  let inFlight = 0;
  // Identical prompts in one run wait for the first request instead of paying twice.
  const pendingKeys = new Map<string, Promise<void>>();
  // Items another process holds, by "index:sample".
  const heldElsewhere = new Map<string, LeaseHolder>();

  const progress = (): GenerationProgress => {
    const elapsedMs = performance.now() - start;
    const settled = fetched + cached + failed + byOthers;
    const rate = elapsedMs > 0 ? (settled * 1000) / elapsedMs : 0;
    const left = work.length - settled;
    return {
      total: items.length * samples,
      resumed,
      fetched,
      cached,
      byOthers,
      failed,
      retries,
      inFlight,
      heldElsewhere: heldElsewhere.size,
      heldBy: heldElsewhere.values().next().value ?? null,
      elapsedMs,
      rate,
      etaMs: left === 0 ? 0 : rate > 0 ? (left / rate) * 1000 : null,
    };
  };
  const report = (): void => setup.onProgress?.(progress());

  const extraction = (text: string): ExtractedSql => {
    const result = extract(text);
    if (result.sql === null) noSql++;
    return result;
  };

  async function fetchWithRetries(w: Work): Promise<{ ok: true; completion: CompletionText; latencyMs: number; attempts: number } | { ok: false; error: GenerationError; latencyMs: number; attempts: number }> {
    for (let attempt = 1; ; attempt++) {
      inFlight++;
      report();
      const result = await backend.complete({ model, prompt: w.item.prompt, decoding, sample: w.sample }, { signal: stop.signal });
      inFlight--;
      if (result.kind === 'ok') return { ok: true, completion: result.completion, latencyMs: result.latencyMs, attempts: attempt };
      const delay = stop.signal.aborted ? null : retryDelay(result.error, attempt, policy, random);
      if (delay === null) return { ok: false, error: result.error, latencyMs: result.latencyMs, attempts: attempt };
      retries++;
      report();
      await sleep(delay, stop.signal);
      if (stop.signal.aborted) return { ok: false, error: { kind: 'aborted' }, latencyMs: result.latencyMs, attempts: attempt };
    }
  }

  async function settle(w: Work): Promise<void> {
    const cacheKey = completionCacheKey({ endpoint: backend.identity, model, adapterHash, prompt: w.item.prompt, decoding, sample: w.sample });
    const base = { index: w.item.index, sample: w.sample, cacheKey, promptHash: w.item.promptHash, decoding };
    const earlier = pendingKeys.get(cacheKey);
    if (earlier) await earlier;
    const hit = ledger.lookup(cacheKey);
    if (hit) {
      ledger.record({ ...base, kind: 'cached', from: hit, extraction: extraction(hit.completion.text) });
      cached++;
      return;
    }
    let release!: () => void;
    pendingKeys.set(cacheKey, new Promise<void>((resolve) => (release = resolve)));
    try {
      const result = await fetchWithRetries(w);
      if (result.ok) {
        ledger.record({ ...base, kind: 'completion', completion: result.completion, extraction: extraction(result.completion.text), attempts: result.attempts, latencyMs: result.latencyMs });
        fetched++;
        latencies.push(result.latencyMs);
        tokens.prompt += result.completion.promptTokens ?? 0;
        tokens.completion += result.completion.completionTokens ?? 0;
      } else if (result.error.kind !== 'aborted') {
        ledger.record({ ...base, kind: 'failure', error: result.error, attempts: result.attempts, latencyMs: result.latencyMs });
        failed++;
      }
    } finally {
      pendingKeys.delete(cacheKey);
      release();
    }
  }

  /** Claims and settles one item; false when another process holds it (and `wait` is off). */
  async function take(w: Work, wait: boolean): Promise<boolean> {
    const key = `${w.item.index}:${w.sample}`;
    for (;;) {
      const claim = ledger.claim(w.item.index, w.sample);
      if (claim.kind !== 'held') {
        heldElsewhere.delete(key);
        if (claim.kind === 'completed') byOthers++;
        else if (claim.kind === 'failed') failed++;
        else await settle(w);
        return true;
      }
      heldElsewhere.set(key, claim.by);
      if (!wait) return false;
      report();
      await sleep(pollMs, stop.signal);
      if (stop.signal.aborted) return true;
    }
  }

  // First every free item; then the ones another process held, waiting for it to settle them.
  const deferred: Work[] = [];
  const pass = (list: readonly Work[], wait: boolean) =>
    forEachBounded(
      list.length,
      concurrency,
      async (i) => {
        try {
          if (!(await take(list[i]!, wait))) deferred.push(list[i]!);
        } catch (error) {
          // A ledger that cannot commit must stop the run: carrying on would lose work silently.
          stop.abort();
          throw error;
        }
        report();
      },
      stop.signal,
    );
  report();
  try {
    await pass(work, false);
    await pass(deferred, true);
  } finally {
    setup.signal?.removeEventListener('abort', onOuterAbort);
    // Whatever stopped us, the items we claimed but did not settle are free for the next process.
    ledger.releaseClaims();
  }
  const aborted = fetched + cached + failed + byOthers < work.length;
  if (!aborted) ledger.markFinished();
  const final = progress();
  setup.onProgress?.(final);
  return { ...final, noSql, latencyMs: latencyStats(latencies), tokens, aborted };
}

function latencyStats(values: number[]): GenerationSummary['latencyMs'] {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { mean: values.reduce((s, v) => s + v, 0) / values.length, p50: at(0.5), p95: at(0.95) };
}
