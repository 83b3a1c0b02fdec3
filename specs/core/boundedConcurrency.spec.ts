import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { forEachBounded, mapBounded } from '../../src/core/boundedConcurrency.ts';
import { fcParams } from '../support/fastCheck.ts';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('forEachBounded / mapBounded', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }), fc.integer({ min: 1, max: 8 })], fcParams(40))(
    'runs every task once, never more than `concurrency` at a time, results in input order',
    async (delays, concurrency) => {
      let running = 0;
      let peak = 0;
      const started: number[] = [];
      const out = await mapBounded(delays, concurrency, async (ms, i) => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await tick(ms);
        running--;
        return ms * 10 + i;
      });
      expect(out).toEqual(delays.map((ms, i) => ms * 10 + i));
      expect(started).toEqual(delays.map((_, i) => i));
      expect(peak).toBeLessThanOrEqual(Math.min(concurrency, Math.max(1, delays.length)));
      if (delays.length >= concurrency) expect(peak).toBe(concurrency);
    },
  );

  it('after a failure starts nothing new, waits for the running tasks, then throws the first error', async () => {
    const finished: number[] = [];
    const started: number[] = [];
    const run = forEachBounded(10, 3, async (i) => {
      started.push(i);
      await tick(i === 1 ? 1 : 20);
      if (i === 1) throw new Error('task 1 failed');
      finished.push(i);
    });
    await expect(run).rejects.toThrow('task 1 failed');
    // Tasks 0 and 2 were running when 1 failed: they finish, and task 3 never starts.
    expect(started).toEqual([0, 1, 2]);
    expect(finished.sort()).toEqual([0, 2]);
  });

  it('stops taking tasks once the signal is aborted', async () => {
    const stop = new AbortController();
    const started: number[] = [];
    await forEachBounded(
      100,
      2,
      async (i) => {
        started.push(i);
        if (i === 4) stop.abort();
        await tick(1);
      },
      stop.signal,
    );
    expect(started.length).toBeLessThanOrEqual(6);
    expect(started).toContain(4);
  });

  it('rejects a concurrency that is not a positive integer', async () => {
    await expect(forEachBounded(3, 0, async () => {})).rejects.toThrow(RangeError);
    await expect(mapBounded([1], 1.5, async (x) => x)).rejects.toThrow(RangeError);
    expect(await mapBounded([], 4, async (x: number) => x)).toEqual([]);
  });
});
