import type { Correctness } from '../Correctness.ts';

/**
 * Verdicts as a `Uint8Array` of 0/1, checked. A `Uint8Array` input is returned as is (never
 * written to); other inputs are copied. Throws on an empty sample: an accuracy of nothing
 * has no value and no interval.
 */
export function toBits(where: string, correct: Correctness, name = 'correct'): Uint8Array {
  const n = correct.length;
  if (n === 0) throw new RangeError(`${where}: ${name} is empty (n = 0): no accuracy to estimate`);
  if (correct instanceof Uint8Array) {
    for (let i = 0; i < n; i++) if (correct[i]! > 1) throw notBinary(where, name, i, correct[i]);
    return correct;
  }
  const bits = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = correct[i] as unknown;
    if (v === 1 || v === true) bits[i] = 1;
    else if (v !== 0 && v !== false) throw notBinary(where, name, i, v);
  }
  return bits;
}

/** Number of ones. */
export function countOnes(bits: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < bits.length; i++) s += bits[i]!;
  return s;
}

function notBinary(where: string, name: string, i: number, v: unknown): RangeError {
  return new RangeError(`${where}: ${name}[${i}] must be 0, 1, true or false, got ${String(v)}`);
}
