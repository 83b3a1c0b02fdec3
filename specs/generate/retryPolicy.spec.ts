import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { GenerationError } from '../../src/generate/CompletionBackend.ts';
import { isRetryable, retryDelay, retryPolicy } from '../../src/generate/retryPolicy.ts';
import { Xoshiro128 } from '../../src/core/xoshiro128.ts';
import { fcParams } from '../support/fastCheck.ts';

/** Uniform draws in [0, 1) from the project's seeded generator. */
const seeded = (seed: number): (() => number) => {
  const rng = Xoshiro128.fromSeed(seed);
  return () => rng.nextFloat();
};

const params = fcParams(200);

const retryable = fc.oneof(
  fc.record({ kind: fc.constant('http' as const), status: fc.oneof(fc.constant(429), fc.constant(408), fc.integer({ min: 500, max: 599 })), message: fc.string(), retryAfterMs: fc.constant(null) }),
  fc.record({ kind: fc.constant('connection' as const), message: fc.string() }),
  fc.record({ kind: fc.constant('timeout' as const), ms: fc.integer({ min: 1, max: 10_000 }) }),
);
const permanent = fc.oneof(
  fc.record({ kind: fc.constant('http' as const), status: fc.integer({ min: 400, max: 499 }).filter((s) => s !== 429 && s !== 408), message: fc.string(), retryAfterMs: fc.constant(null) }),
  fc.record({ kind: fc.constant('malformed' as const), message: fc.string() }),
  fc.constant({ kind: 'aborted' as const }),
);
const policies = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 10 }),
  baseDelayMs: fc.integer({ min: 0, max: 2_000 }),
  extra: fc.integer({ min: 0, max: 60_000 }),
  maxRetryAfterMs: fc.integer({ min: 0, max: 120_000 }),
});

describe('retryDelay', () => {
  test.prop([retryable, policies, fc.integer({ min: 1, max: 12 }), fc.integer()], params)(
    'exponential backoff with equal jitter: within [exp/2, exp], exp = min(max, base·2^(attempt-1))',
    (error: GenerationError, p, attempt, seed) => {
      const policy = retryPolicy({ maxAttempts: p.maxAttempts, baseDelayMs: p.baseDelayMs, maxDelayMs: p.baseDelayMs + p.extra, maxRetryAfterMs: p.maxRetryAfterMs });
      const delay = retryDelay(error, attempt, policy, seeded(seed));
      if (attempt >= policy.maxAttempts) {
        expect(delay).toBeNull();
        return;
      }
      const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      expect(delay).not.toBeNull();
      expect(delay!).toBeGreaterThanOrEqual(exp / 2);
      expect(delay!).toBeLessThanOrEqual(exp);
    },
  );

  test.prop([fc.integer({ min: 0, max: 200_000 }), policies, fc.integer({ min: 1, max: 5 }), fc.integer()], params)(
    'never retries sooner than Retry-After, and gives up when the server asks for more than the cap',
    (asked, p, attempt, seed) => {
      const policy = retryPolicy({ maxAttempts: 10, baseDelayMs: p.baseDelayMs, maxDelayMs: p.baseDelayMs + p.extra, maxRetryAfterMs: p.maxRetryAfterMs });
      const delay = retryDelay({ kind: 'http', status: 429, message: '', retryAfterMs: asked }, attempt, policy, seeded(seed));
      if (asked > policy.maxRetryAfterMs) expect(delay).toBeNull();
      else expect(delay!).toBeGreaterThanOrEqual(asked);
    },
  );

  test.prop([permanent, policies, fc.integer({ min: 1, max: 5 })], params)('permanent errors are not retried', (error: GenerationError, p, attempt) => {
    expect(isRetryable(error)).toBe(false);
    expect(retryDelay(error, attempt, retryPolicy({ maxAttempts: 10, baseDelayMs: p.baseDelayMs }), Math.random)).toBeNull();
  });

  test('the same seed gives the same delays (jitter is reproducible)', () => {
    const policy = retryPolicy();
    const err: GenerationError = { kind: 'connection', message: 'reset' };
    const run = (seed: number) => {
      const r = seeded(seed);
      return [1, 2, 3, 4, 5].map((a) => retryDelay(err, a, policy, r));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  test('policies are validated', () => {
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => retryPolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(/baseDelayMs/);
  });
});
