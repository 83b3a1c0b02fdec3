import type { PyValue, Row } from './PyValue.ts';
import { compareCodePoints, pyEquals, pyKey, pyStrWithType } from './_internals/python.ts';

export interface ResultsEqualOptions {
  /** Rows must appear in the same order (the official rule: the gold query sorts). */
  orderMatters: boolean;
  /**
   * Apply the official `quick_rej` pre-check exactly, including its sort key
   * `str(x) + str(type(x))`, which can order an int and an equal float differently and so
   * reject a match (e.g. rows (1, 1.5) vs (1.0, 1.5)). On by default for `--compat official`.
   */
  officialQuickReject?: boolean;
}

/** How two results compared: `over_budget` when the column search ran out of steps undecided. */
export type Comparison = 'equal' | 'different' | 'over_budget';

export interface CompareOptions extends ResultsEqualOptions {
  /** Steps the column search may take (one step: one row checked against one candidate column). */
  readonly budget: number;
}

/**
 * Steps of result comparison allowed per millisecond of a query's time limit: the comparison
 * counts toward the limit: a 30 s limit allows 30 million steps, some 15 s of search on a
 * 2-core machine shared with the query processes (the worst case: long prefixes of wide
 * rows). A step count, not a clock, so verdicts do not depend on the machine or its load.
 */
export const COMPARE_STEPS_PER_MS = 1_000;

/** Steps the search runs between yields to the event loop (about a millisecond or less). */
const STEPS_PER_SLICE = 50_000;

/**
 * Whether a predicted result denotes the same table as the gold result, as the official
 * test-suite evaluator decides (`result_eq`): both empty → equal; different row or column
 * counts → different; otherwise some permutation of the prediction's columns must make the
 * two equal as bags of rows (as lists when `orderMatters`). The official code prunes
 * permutations by sampling rows; this search is exact, deterministic and does not enumerate
 * n! permutations: columns are matched by their value multisets, identical columns are
 * interchangeable, and every partial assignment is checked on projected rows. Unbounded:
 * scoring uses the budgeted compareResultsNow, in the query process (checkPair).
 */
export function resultsEqual(gold: readonly Row[], pred: readonly Row[], options: ResultsEqualOptions): boolean {
  const quick = quickVerdict(gold, pred, options);
  if (quick !== null) return quick;
  return findColumnMapping(gold, pred, options.orderMatters) !== null;
}

/**
 * resultsEqual with a step budget: a search that would take more than `budget` steps stops
 * there (`over_budget`), and it gives the event loop a turn every few thousand rows checked,
 * so a hostile result never blocks the process. The same inputs and budget always give the
 * same answer (the answer of compareResultsNow).
 */
export async function compareResults(gold: readonly Row[], pred: readonly Row[], options: CompareOptions): Promise<Comparison> {
  const quick = quickVerdict(gold, pred, options);
  if (quick !== null) return quick ? 'equal' : 'different';
  const search = columnSearch(gold, pred, options.orderMatters, options.budget);
  for (;;) {
    const slice = search.next();
    if (slice.done) return searchResult(slice.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * compareResults without yielding: for a query process, which has nothing else to do meanwhile
 * (the budget bounds how long it runs; the pool's time limit bounds it on a slow machine).
 * `beforeSearch` is called when the checks linear in the result's size cannot decide and the
 * column search starts (the only part that may take long).
 */
export function compareResultsNow(gold: readonly Row[], pred: readonly Row[], options: CompareOptions, beforeSearch?: () => void): Comparison {
  const quick = quickVerdict(gold, pred, options);
  if (quick !== null) return quick ? 'equal' : 'different';
  beforeSearch?.();
  const search = columnSearch(gold, pred, options.orderMatters, options.budget);
  for (;;) {
    const slice = search.next();
    if (slice.done) return searchResult(slice.value);
  }
}

function searchResult(value: number[] | null | 'over_budget'): Comparison {
  return value === 'over_budget' ? 'over_budget' : value === null ? 'different' : 'equal';
}

/** The checks before any column search: a verdict, or null when only the search can decide. */
function quickVerdict(gold: readonly Row[], pred: readonly Row[], options: ResultsEqualOptions): boolean | null {
  if (gold.length === 0 && pred.length === 0) return true;
  if (gold.length !== pred.length) return false;
  const nCols = gold[0]!.length;
  if (pred[0]!.length !== nCols) return false;
  // Fast path: the same rows with the same cell types (in order, or as a bag) match under
  // every rule, the official pre-check included.
  if (sameTypedRows(gold, pred, options.orderMatters)) return true;
  if ((options.officialQuickReject ?? true) && !quickAccept(gold, pred, options.orderMatters)) return false;
  return null;
}

/** Key of a cell that also distinguishes int from float (unlike pyKey). */
function typedKey(v: PyValue): string {
  // -0.0 and 0.0 print differently in Python, so the official pre-check can tell them apart.
  return typeof v === 'number' ? (Object.is(v, -0) ? 'f-0' : 'f' + String(v)) : pyKey(v);
}

/** Same value and same Python type (so also the same `str()`): 1 vs 1.0 and -0.0 vs 0.0 differ. */
function sameTypedCell(a: PyValue, b: PyValue): boolean {
  if (typeof a === 'number') return typeof b === 'number' && Object.is(a, b);
  if (a instanceof Uint8Array) return b instanceof Uint8Array && pyKey(a) === pyKey(b);
  return a === b;
}

function sameTypedRows(gold: readonly Row[], pred: readonly Row[], orderMatters: boolean): boolean {
  // Cheapest first: the very same rows in the very same order (a correct prediction, usually).
  let inOrder = true;
  for (let r = 0; r < gold.length && inOrder; r++) {
    const g = gold[r]!;
    const p = pred[r]!;
    for (let c = 0; c < g.length; c++) {
      if (!sameTypedCell(g[c]!, p[c]!)) {
        inOrder = false;
        break;
      }
    }
  }
  if (inOrder || orderMatters) return inOrder;
  const rowKey = (row: Row) => JSON.stringify(row.map(typedKey));
  const counts = new Map<string, number>();
  for (const row of gold) {
    const k = rowKey(row);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  for (const row of pred) {
    const k = rowKey(row);
    const n = counts.get(k);
    if (!n) return false;
    counts.set(k, n - 1);
  }
  return true;
}

/** The official necessary condition: rows compared with their cells sorted by `str(x)+str(type(x))`. */
function quickAccept(gold: readonly Row[], pred: readonly Row[], orderMatters: boolean): boolean {
  const unorder = (row: Row): Row =>
    row
      .map((v) => ({ v, k: pyStrWithType(v) }))
      .sort((a, b) => compareCodePoints(a.k, b.k))
      .map((e) => e.v);
  const g = gold.map(unorder);
  const p = pred.map(unorder);
  if (orderMatters) {
    return g.every((row, r) => row.length === p[r]!.length && row.every((v, c) => pyEquals(v, p[r]![c]!)));
  }
  const keyOf = (row: Row) => JSON.stringify(row.map(pyKey));
  const gs = new Set(g.map(keyOf));
  const ps = new Set(p.map(keyOf));
  if (gs.size !== ps.size) return false;
  for (const k of gs) if (!ps.has(k)) return false;
  return true;
}

/**
 * Finds `mapping[goldCol] = predCol` making the tables equal, or null. Exact backtracking,
 * unbounded. Exported for tests that need to see the mapping.
 */
export function findColumnMapping(gold: readonly Row[], pred: readonly Row[], orderMatters: boolean): number[] | null {
  const search = columnSearch(gold, pred, orderMatters, Infinity);
  for (;;) {
    const slice = search.next();
    if (slice.done) return slice.value === 'over_budget' ? null : slice.value;
  }
}

/**
 * The column search, run in slices: it yields after every STEPS_PER_SLICE steps and returns
 * the mapping, null (none exists) or `over_budget` (more than `budget` steps taken). A step
 * is one row checked for one candidate column (bags), or one candidate tried (ordered).
 */
function* columnSearch(
  gold: readonly Row[],
  pred: readonly Row[],
  orderMatters: boolean,
  budget: number,
): Generator<void, number[] | null | 'over_budget'> {
  const nRows = gold.length;
  const nCols = gold[0]?.length ?? 0;
  const gk = gold.map((row) => row.map(pyKey));
  const pk = pred.map((row) => row.map(pyKey));
  const column = (keys: string[][], c: number) => keys.map((row) => row[c]!);
  // Column signature: the column's values as a sequence (ordered) or multiset (unordered).
  const signature = (values: string[]) => JSON.stringify(orderMatters ? values : [...values].sort());
  const goldSig = Array.from({ length: nCols }, (_, c) => signature(column(gk, c)));
  const predSig = Array.from({ length: nCols }, (_, c) => signature(column(pk, c)));

  // Pred columns with identical value sequences are interchangeable: search over classes.
  const predSeq = Array.from({ length: nCols }, (_, c) => JSON.stringify(column(pk, c)));
  const classOf: number[] = [];
  const classMembers: number[][] = [];
  const seenSeq = new Map<string, number>();
  for (let c = 0; c < nCols; c++) {
    let cls = seenSeq.get(predSeq[c]!);
    if (cls === undefined) {
      cls = classMembers.length;
      seenSeq.set(predSeq[c]!, cls);
      classMembers.push([]);
    }
    classOf.push(cls);
    classMembers[cls]!.push(c);
  }
  const candidates: number[][] = goldSig.map((sig) =>
    classMembers.map((_, cls) => cls).filter((cls) => predSig[classMembers[cls]![0]!] === sig),
  );
  if (candidates.some((c) => c.length === 0)) return null;

  // Most constrained gold columns first.
  const order = Array.from({ length: nCols }, (_, c) => c).sort(
    (a, b) => candidates[a]!.length - candidates[b]!.length || a - b,
  );
  const used = classMembers.map(() => 0);
  const chosenClass: number[] = new Array(nCols).fill(-1);

  // For ordered results, matching column sequences already makes every row equal.
  // For bags, check projected rows after each assignment.
  const goldPrefix: string[][] = [];
  if (!orderMatters) {
    let acc: string[] = new Array(nRows).fill('');
    for (let level = 0; level < nCols; level++) {
      const c = order[level]!;
      acc = acc.map((s, r) => s + '\u0001' + gk[r]![c]!.length + ':' + gk[r]![c]!);
      goldPrefix.push(acc);
    }
  }
  const bagEqual = (goldKeys: string[], predKeys: string[]) => {
    const counts = new Map<string, number>();
    for (const k of goldKeys) counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const k of predKeys) {
      const n = counts.get(k);
      if (!n) return false;
      counts.set(k, n - 1);
    }
    return true;
  };

  // Depth-first over levels (gold columns in `order`), with an explicit stack so the search
  // can stop and resume: tried[level] is the next candidate to try at that level,
  // prefixes[level] the prediction's projected rows over the columns chosen above it.
  const stepCost = orderMatters ? 1 : nRows;
  let steps = 0;
  let sliceEnd = STEPS_PER_SLICE;
  const tried: number[] = new Array(nCols + 1).fill(0);
  const prefixes: string[][] = [new Array(nRows).fill('')];
  let level = 0;
  while (level < nCols) {
    const g = order[level]!;
    const options = candidates[g]!;
    let descended = false;
    while (tried[level]! < options.length) {
      const cls = options[tried[level]!++]!;
      if (used[cls]! >= classMembers[cls]!.length) continue;
      steps += stepCost;
      if (steps > budget) return 'over_budget';
      if (steps >= sliceEnd) {
        sliceEnd = steps + STEPS_PER_SLICE;
        yield;
      }
      const pc = classMembers[cls]![used[cls]!]!;
      let next = prefixes[level]!;
      if (!orderMatters) {
        next = next.map((s, r) => s + '\u0001' + pk[r]![pc]!.length + ':' + pk[r]![pc]!);
        if (!bagEqual(goldPrefix[level]!, next)) continue;
      }
      used[cls]!++;
      chosenClass[g] = cls;
      prefixes[level + 1] = next;
      tried[++level] = 0;
      descended = true;
      break;
    }
    if (descended) continue;
    // Every candidate at this level failed: undo the choice one level up.
    if (level === 0) return null;
    level--;
    const up = order[level]!;
    used[chosenClass[up]!]!--;
    chosenClass[up] = -1;
  }

  // Hand out the members of each class to the gold columns that chose it.
  const handed = classMembers.map(() => 0);
  return chosenClass.map((cls) => classMembers[cls]![handed[cls]!++]!);
}
