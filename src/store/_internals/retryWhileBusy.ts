/**
 * Runs `fn` (a store's setup: journal mode, schema), again while SQLite answers SQLITE_BUSY, for
 * up to `waitMs`. On a fresh file that several processes open at once, SQLite may refuse at once
 * where waiting could deadlock (the switch to WAL, a read that must become a write): busy_timeout
 * does not apply there. The setup is idempotent, so trying again is safe.
 */
export function retryWhileBusy<T>(fn: () => T, waitMs = 10_000): T {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.floor(Math.random() * 20));
    }
  }
}
