import { claimMatcherResult, requireRun, type ClaimMatcherResult } from './matcherResult.ts';

/** `expect(run).toHaveAccuracyWithin(0.793, 0.01)`: |accuracy − expected| ≤ tolerance. */
export function toHaveAccuracyWithin(this: { isNot: boolean }, received: unknown, expected: number, tolerance: number): ClaimMatcherResult {
  const run = requireRun(received, 'expect() value');
  return claimMatcherResult({ kind: 'accuracy', run: run.name, expected, tolerance }, [run], {}, this.isNot);
}
