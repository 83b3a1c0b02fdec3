import type { GenerationError } from './CompletionBackend.ts';

/** When and how long to retry a failed request. Not part of the cache key. */
export interface RetryPolicy {
  /** Attempts per completion, the first included. */
  readonly maxAttempts: number;
  /** Backoff before the 2nd attempt; doubles each time, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server asking for a longer wait than this (a spent quota) gets a recorded failure instead. */
  readonly maxRetryAfterMs: number;
}

export function retryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = {
    maxAttempts: partial.maxAttempts ?? 6,
    baseDelayMs: partial.baseDelayMs ?? 500,
    maxDelayMs: partial.maxDelayMs ?? 30_000,
    maxRetryAfterMs: partial.maxRetryAfterMs ?? 120_000,
  };
  if (!(Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1)) throw new RangeError(`maxAttempts must be a positive integer, got ${policy.maxAttempts}`);
  if (!(policy.baseDelayMs >= 0 && policy.maxDelayMs >= policy.baseDelayMs)) throw new RangeError('need 0 <= baseDelayMs <= maxDelayMs');
  if (!(policy.maxRetryAfterMs >= 0)) throw new RangeError('maxRetryAfterMs must be >= 0');
  return policy;
}

/**
 * Transient failures: rate limits (429), server errors (5xx, 408), dropped connections and
 * timeouts. A 4xx or a malformed body would fail the same way again.
 */
export function isRetryable(error: GenerationError): boolean {
  switch (error.kind) {
    case 'http':
      return error.status === 429 || error.status === 408 || error.status >= 500;
    case 'connection':
    case 'timeout':
      return true;
    case 'malformed':
    case 'aborted':
      return false;
  }
}

/**
 * Milliseconds to wait after failed attempt number `attempt` (1-based), or null to give up.
 * Exponential backoff with "equal jitter" (half fixed, half uniform) so that clients that
 * failed together do not retry together; never sooner than the server's Retry-After.
 */
export function retryDelay(error: GenerationError, attempt: number, policy: RetryPolicy, random: () => number): number | null {
  if (!isRetryable(error) || attempt >= policy.maxAttempts) return null;
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const backoff = exp / 2 + random() * (exp / 2);
  const asked = error.kind === 'http' ? error.retryAfterMs : null;
  if (asked === null) return backoff;
  if (asked > policy.maxRetryAfterMs) return null;
  return Math.max(asked, backoff);
}
