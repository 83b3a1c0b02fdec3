import OpenAI from 'openai';
import type { CompletionBackend, CompletionRequest, CompletionResult, GenerationError, CompleteOptions } from './CompletionBackend.ts';
import { endpointIdentity, type EndpointConfig } from './EndpointConfig.ts';
import { nodeHttpFetch } from './_internals/nodeHttpFetch.ts';
import { parseCompletion } from './_internals/parseCompletion.ts';
import { retryAfterMs } from './_internals/retryAfter.ts';

export interface OpenAiBackendOptions {
  /** The key's VALUE (the CLI reads `endpoint.apiKeyEnv`); null for servers without auth. */
  apiKey?: string | null;
  /** Whole-request deadline (headers and body), ms. Default 120 s. */
  timeoutMs?: number;
}

/**
 * A backend on the `openai` package for any OpenAI-compatible server (vLLM, LLMGateway,
 * llama.cpp, Ollama, OpenAI). The client's own retries are off: one call is one attempt, and
 * `generateRun` owns the retry policy so it can be tested and recorded.
 */
export function openAiBackend(endpoint: EndpointConfig, options: OpenAiBackendOptions = {}): CompletionBackend {
  const timeoutMs = options.timeoutMs ?? 120_000;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const client = new OpenAI({
    baseURL: endpoint.baseUrl,
    // The client insists on a key; local servers ignore it.
    apiKey: options.apiKey ?? 'no-key',
    maxRetries: 0,
    // Our own deadline below covers the body too; this one is only a backstop.
    timeout: timeoutMs + 5_000,
    defaultHeaders: { ...endpoint.headers },
    fetch: nodeHttpFetch(),
  });

  async function attempt<T>(signal: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<{ ok: true; value: T; latencyMs: number } | { ok: false; error: GenerationError; latencyMs: number }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = (): void => controller.abort();
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const start = performance.now();
    try {
      const value = await call(controller.signal);
      return { ok: true, value, latencyMs: performance.now() - start };
    } catch (err) {
      const latencyMs = performance.now() - start;
      if (controller.signal.aborted) return { ok: false, error: timedOut ? { kind: 'timeout', ms: timeoutMs } : { kind: 'aborted' }, latencyMs };
      return { ok: false, error: classify(err), latencyMs };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    identity: endpointIdentity(endpoint),

    async complete(request: CompletionRequest, opts: CompleteOptions = {}): Promise<CompletionResult> {
      const { decoding, prompt } = request;
      const common = {
        model: request.model,
        temperature: decoding.temperature,
        top_p: decoding.topP,
        max_tokens: decoding.maxTokens,
        ...(decoding.seed === null ? {} : { seed: decoding.seed + request.sample }),
        ...(decoding.stop.length === 0 ? {} : { stop: [...decoding.stop] }),
      };
      const result = await attempt<unknown>(opts.signal, (signal) =>
        prompt.kind === 'chat'
          ? client.chat.completions.create({ ...common, messages: prompt.messages.map((m) => ({ role: m.role, content: m.content })) }, { signal })
          : client.completions.create({ ...common, prompt: prompt.text }, { signal }),
      );
      if (!result.ok) return { kind: 'error', error: result.error, latencyMs: result.latencyMs };
      const parsed = parseCompletion(result.value, prompt.kind);
      return parsed.ok
        ? { kind: 'ok', completion: parsed.completion, latencyMs: result.latencyMs }
        : { kind: 'error', error: { kind: 'malformed', message: parsed.message }, latencyMs: result.latencyMs };
    },

    async listModels(opts: CompleteOptions = {}) {
      const result = await attempt(opts.signal, async (signal) => (await client.models.list({ signal })).data as unknown);
      if (!result.ok) return { kind: 'error', error: result.error };
      const data = result.value;
      if (!Array.isArray(data) || data.some((m) => m === null || typeof m !== 'object' || typeof (m as { id?: unknown }).id !== 'string')) {
        return { kind: 'error', error: { kind: 'malformed', message: '/models did not return a list of {id}' } };
      }
      return { kind: 'ok', models: data.map((m: { id: string }) => m.id) };
    },
  };
}

/** Maps what the client throws onto our error union; anything unrecognised is a bug and rethrown. */
function classify(err: unknown): GenerationError {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return { kind: 'timeout', ms: Number.NaN };
  if (err instanceof OpenAI.APIConnectionError) return { kind: 'connection', message: rootCause(err) };
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    return { kind: 'http', status: err.status, message: err.message, retryAfterMs: retryAfterMs(err.headers, Date.now()) };
  }
  // Invalid JSON under a JSON content type: the client's `response.json()` throws.
  if (err instanceof SyntaxError) return { kind: 'malformed', message: `invalid JSON: ${err.message}` };
  // undici's "terminated" when the socket closes while the body is being read.
  if (err instanceof TypeError && (err.message === 'terminated' || err.cause !== undefined)) return { kind: 'connection', message: rootCause(err) };
  throw err;
}

function rootCause(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${e.message} (${code})` : e.message);
    e = e.cause;
  }
  return parts.join(': ') || String(err);
}
