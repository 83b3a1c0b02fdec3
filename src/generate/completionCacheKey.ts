import type { DecodingSettings } from './DecodingSettings.ts';
import type { PromptPayload } from './CompletionBackend.ts';
import { canonicalJson } from './_internals/canonicalJson.ts';
import { sha256 } from './_internals/sha256.ts';

/** Bump when the key's ingredients or their meaning change: old entries then simply miss. */
export const CACHE_KEY_VERSION = 1;

export interface CacheKeyParts {
  /** `endpointIdentity()`: the normalised base URL, no credentials. */
  readonly endpoint: string;
  /** Model name as sent. */
  readonly model: string;
  /** Hash of the LoRA adapter's files; null for a plain model. */
  readonly adapterHash: string | null;
  readonly prompt: PromptPayload;
  readonly decoding: DecodingSettings;
  /** Sample index: sample 1 is a new draw, not a replay of sample 0. */
  readonly sample: number;
}

/**
 * The completion cache key: everything that changes what the model writes, nothing that only
 * changes whether we get it (timeouts, retries, concurrency) and no credentials or headers.
 * The prompt enters as a hash of exactly what is sent, so the key is right whatever hash the
 * prompt builder reports.
 */
export function completionCacheKey(parts: CacheKeyParts): string {
  return `v${CACHE_KEY_VERSION}:${sha256(
    canonicalJson({
      v: CACHE_KEY_VERSION,
      endpoint: parts.endpoint,
      model: parts.model,
      adapterHash: parts.adapterHash,
      prompt: promptPayloadHash(parts.prompt),
      decoding: {
        temperature: parts.decoding.temperature,
        topP: parts.decoding.topP,
        maxTokens: parts.decoding.maxTokens,
        seed: parts.decoding.seed,
        stop: [...parts.decoding.stop],
      },
      sample: parts.sample,
    }),
  )}`;
}

/** sha256 of what goes over the wire for this prompt (API kind included: chat ≠ text). */
export function promptPayloadHash(prompt: PromptPayload): string {
  return sha256(
    prompt.kind === 'chat'
      ? canonicalJson({ kind: 'chat', messages: prompt.messages.map((m) => ({ role: m.role, content: m.content })) })
      : canonicalJson({ kind: 'text', text: prompt.text }),
  );
}
