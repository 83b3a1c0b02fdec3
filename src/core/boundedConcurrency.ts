/**
 * Runs `task(0)`, `task(1)`, … `task(count - 1)`, at most `concurrency` at a time, starting them
 * in index order. No new task starts once `until` is aborted or a task has failed; the tasks
 * already running are awaited, then the first failure (if any) is thrown. So nothing keeps
 * running after this returns or throws.
 */
export async function forEachBounded(count: number, concurrency: number, task: (index: number) => Promise<void>, until?: AbortSignal): Promise<void> {
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (next < count && failure === null && !until?.aborted) {
      const i = next++;
      try {
        await task(i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

/** `fn` over `items`, at most `concurrency` at a time; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  await forEachBounded(items.length, concurrency, async (i) => {
    results[i] = await fn(items[i]!, i);
  });
  return results;
}
