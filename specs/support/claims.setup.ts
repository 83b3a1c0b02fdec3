// For every spec: t2sql's claim matchers (toBeSignificantlyBetterThan, toBeTiedWith, …), and
// each claim of a claimSuite printed under its test.
import '../../src/claims/vitest.ts';
import { afterEach } from 'vitest';

// Each claim's statement and both analyses (claimSuite leaves them in the test's meta), under its test.
afterEach(({ task }) => {
  if (task.meta.claimText) console.log(task.meta.claimText);
});
