import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compareResults, findColumnMapping, resultsEqual } from '../../src/sql/resultsEqual.ts';
import type { PyValue, Row } from '../../src/sql/PyValue.ts';
import { fcParams } from '../support/fastCheck.ts';

const FC = fcParams(200);
const bag = { orderMatters: false };
const ordered = { orderMatters: true };

describe('resultsEqual: the official result_eq rules', () => {
  it('treats two empty results as equal, whatever the queries', () => {
    expect(resultsEqual([], [], bag)).toBe(true);
    expect(resultsEqual([], [], ordered)).toBe(true);
  });

  it('rejects differing row counts, including empty vs non-empty', () => {
    expect(resultsEqual([[1n]], [], bag)).toBe(false);
    expect(resultsEqual([], [[1n]], bag)).toBe(false);
    expect(resultsEqual([[1n], [2n]], [[1n]], bag)).toBe(false);
  });

  it('rejects differing column counts', () => {
    expect(resultsEqual([[1n, 2n]], [[1n]], bag)).toBe(false);
    expect(resultsEqual([[1n]], [[1n, 1n]], bag)).toBe(false);
  });

  it('uses bag semantics: duplicates count, order does not', () => {
    expect(resultsEqual([[1n], [2n], [2n]], [[2n], [1n], [2n]], bag)).toBe(true);
    expect(resultsEqual([[1n], [1n], [2n]], [[1n], [2n], [2n]], bag)).toBe(false);
  });

  it('requires the same row order when order matters', () => {
    expect(resultsEqual([[1n], [2n]], [[2n], [1n]], ordered)).toBe(false);
    expect(resultsEqual([[1n], [2n]], [[1n], [2n]], ordered)).toBe(true);
  });

  it('accepts any column permutation of the prediction', () => {
    const gold: Row[] = [['a', 1n, 2.5], ['b', 2n, 3.5]];
    const pred: Row[] = [[2.5, 'a', 1n], [3.5, 'b', 2n]];
    expect(resultsEqual(gold, pred, bag)).toBe(true);
    expect(resultsEqual(gold, pred, ordered)).toBe(true);
    expect(findColumnMapping(gold, pred, false)).toEqual([1, 2, 0]);
  });

  it('does not accept a permutation that pairs values from different rows', () => {
    // Each column matches as a multiset, but no column order makes the rows match.
    const gold: Row[] = [[1n, 'x'], [2n, 'y']];
    const pred: Row[] = [[1n, 'y'], [2n, 'x']];
    expect(resultsEqual(gold, pred, bag)).toBe(false);
  });

  it('compares values like Python: 1 == 1.0, NULL == NULL, "1" != 1, bytes by content', () => {
    expect(resultsEqual([[1n]], [[1.0]], bag)).toBe(true);
    expect(resultsEqual([[null, 1n]], [[null, 1n]], bag)).toBe(true);
    expect(resultsEqual([['1']], [[1n]], bag)).toBe(false);
    expect(resultsEqual([[1.5]], [[1n]], bag)).toBe(false);
    expect(resultsEqual([[new Uint8Array([1, 2])]], [[new Uint8Array([1, 2])]], bag)).toBe(true);
    expect(resultsEqual([[new Uint8Array([1, 2])]], [['\u0001\u0002']], bag)).toBe(false);
    // Python compares ints and floats exactly, not after rounding the int to a double.
    expect(resultsEqual([[9007199254740993n]], [[9007199254740992]], bag)).toBe(false);
  });

  it('reproduces the official quick_rej quirk (sort key str(x)+str(type(x))) only in official mode', () => {
    // (1, 1.5) sorts as (1.5, 1) but (1.0, 1.5) sorts as (1.0, 1.5): quick_rej rejects a true match.
    const gold: Row[] = [[1n, 1.5]];
    const pred: Row[] = [[1.0, 1.5]];
    expect(resultsEqual(gold, pred, { orderMatters: false, officialQuickReject: true })).toBe(false);
    expect(resultsEqual(gold, pred, { orderMatters: false, officialQuickReject: false })).toBe(true);
  });

  it('keeps -0.0 and 0.0 apart where the official pre-check does (their str() differs)', () => {
    const gold: Row[] = [[-0, -1n]];
    const pred: Row[] = [[0, -1n]];
    expect(resultsEqual(gold, pred, { orderMatters: false, officialQuickReject: true })).toBe(false);
    expect(resultsEqual(gold, pred, { orderMatters: false, officialQuickReject: false })).toBe(true);
  });

  it('handles 30 identical columns without enumerating permutations', () => {
    const row = (v: PyValue) => Array.from({ length: 30 }, () => v);
    const gold: Row[] = Array.from({ length: 50 }, (_, i) => row(i % 3 === 0 ? null : BigInt(i)));
    const pred = gold.map((r) => [...r]);
    const t0 = performance.now();
    expect(resultsEqual(gold, pred, bag)).toBe(true);
    pred[7] = [...pred[7]!.slice(0, 29), 999n];
    expect(resultsEqual(gold, pred, bag)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('handles 26 distinct columns sharing one value multiset (a hard case for pruning)', () => {
    // Column c holds the values rotated by c: every column has the same multiset.
    const n = 26;
    const gold: Row[] = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => BigInt((r + c) % n)));
    const perm = Array.from({ length: n }, (_, i) => (i * 7) % n);
    const pred: Row[] = gold.map((row) => perm.map((p) => row[p]!));
    expect(resultsEqual(gold, pred, bag)).toBe(true);
    const broken = pred.map((row) => [...row]);
    [broken[0]![0], broken[1]![0]] = [broken[1]![0]!, broken[0]![0]!];
    expect(resultsEqual(gold, broken, bag)).toBe(false);
  });
});

// A result with random values (including int/float twins, NULLs, strings and duplicates).
const cell = fc.oneof(
  fc.constant(null),
  fc.bigInt({ min: -5n, max: 5n }),
  fc.integer({ min: -5, max: 5 }).map((x) => x + 0.5),
  fc.constantFrom<PyValue>('a', 'b', ''),
);
const table = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }))
  .chain(([cols, rows]) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));

describe('resultsEqual: properties', () => {
  test.prop([table, fc.nat(), fc.nat()], FC)('a result equals any row shuffle and column permutation of itself', (rows, s1, s2) => {
    const cols = rows[0]!.length;
    const colPerm = shuffle([...Array(cols).keys()], s1);
    const rowPerm = shuffle([...Array(rows.length).keys()], s2);
    const pred = rowPerm.map((r) => colPerm.map((c) => rows[r]![c]!));
    expect(resultsEqual(rows, pred, { orderMatters: false, officialQuickReject: false })).toBe(true);
    // With order kept, a column permutation alone is still a match.
    const sameOrder = rows.map((row) => colPerm.map((c) => row[c]!));
    expect(resultsEqual(rows, sameOrder, { orderMatters: true, officialQuickReject: false })).toBe(true);
  });

  test.prop([table, table], FC)('agrees with brute force over all column permutations', (a, b) => {
    const expected = bruteForce(a, b);
    expect(resultsEqual(a, b, { orderMatters: false, officialQuickReject: false })).toBe(expected);
  });

  test.prop([table, table, fc.boolean(), fc.boolean()], FC)('with a budget it cannot exhaust, compareResults decides as resultsEqual', async (a, b, orderMatters, officialQuickReject) => {
    const options = { orderMatters, officialQuickReject };
    const expected = resultsEqual(a, b, options) ? 'equal' : 'different';
    expect(await compareResults(a, b, { ...options, budget: 1_000_000 })).toBe(expected);
  });

  test.prop([table, fc.nat()], FC)('changing one cell to a value absent from the table breaks equality', (rows, s) => {
    const r = s % rows.length;
    const c = Math.floor(s / rows.length) % rows[0]!.length;
    const pred = rows.map((row) => [...row]);
    pred[r]![c] = 'absent-value';
    expect(resultsEqual(rows, pred, { orderMatters: false })).toBe(false);
  });
});

function shuffle<T>(xs: T[], seed: number): T[] {
  let s = seed | 0 || 1;
  for (let i = xs.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Reference implementation: try every column permutation, compare as multisets of rows. */
function bruteForce(a: readonly Row[], b: readonly Row[]): boolean {
  if (a.length === 0 && b.length === 0) return true;
  if (a.length !== b.length || a[0]!.length !== b[0]!.length) return false;
  const key = (v: PyValue) => (v === null ? 'n' : typeof v === 'number' && Number.isInteger(v) ? `i${v}` : `${typeof v === 'bigint' ? 'i' : typeof v}${String(v)}`);
  const rowKey = (row: readonly PyValue[]) => row.map(key).join('|');
  const target = a.map(rowKey).sort().join('\n');
  const perms = (n: number): number[][] => (n === 0 ? [[]] : perms(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)])));
  return perms(a[0]!.length).some((p) => b.map((row) => rowKey(p.map((c) => row[c]!))).sort().join('\n') === target);
}
