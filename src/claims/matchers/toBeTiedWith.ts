import type { ClaimOptions } from '../Claim.ts';
import { claimMatcherResult, requireRun, type ClaimMatcherResult } from './matcherResult.ts';

/** `expect(a).toBeTiedWith(b, { margin })`: paired TOST equivalence within ±margin. */
export function toBeTiedWith(this: { isNot: boolean }, received: unknown, other: unknown, options: ClaimOptions = {}): ClaimMatcherResult {
  const a = requireRun(received, 'expect() value');
  const b = requireRun(other, 'toBeTiedWith() argument');
  return claimMatcherResult({ kind: 'tied', a: a.name, b: b.name, ...(options.margin !== undefined ? { margin: options.margin } : {}) }, [a, b], options, this.isNot);
}
