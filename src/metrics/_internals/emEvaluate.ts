import { type SpiderSql, type TableUnit } from '../../sql/parse/SpiderSql.ts';
import { everyOther, pyDistinct, pyEqual, pyIn, pyItem, pyRemove, pySetEqual, pyTruthy } from './emPython.ts';
import { allConnectives, allCondUnits, IN, LIKE } from './emSqlParts.ts';

/**
 * The official `Evaluator.eval_exact_match` / `eval_partial_match` on two parses already
 * rewritten by `rebuildForMatch`. Each component yields (label_total, pred_total, count) and
 * scores 1 only when the totals agree and everything predicted was found.
 */
export const PARTIAL_TYPES = [
  'select',
  'select(no AGG)',
  'where',
  'where(no OP)',
  'group(no Having)',
  'group',
  'order',
  'and/or',
  'IUEN',
  'keywords',
] as const;
export type PartialType = (typeof PARTIAL_TYPES)[number];

export interface PartialScore {
  readonly acc: 0 | 1;
  readonly rec: 0 | 1;
  readonly f1: 0 | 1;
  readonly labelTotal: number;
  readonly predTotal: number;
}
export type PartialScores = Readonly<Record<PartialType, PartialScore>>;

type Counts = readonly [labelTotal: number, predTotal: number, count: number];

function score([labelTotal, predTotal, count]: Counts): PartialScore {
  const s: 0 | 1 = predTotal === labelTotal && count === predTotal ? 1 : 0;
  return { acc: s, rec: s, f1: s, labelTotal, predTotal };
}

/**
 * How many of `pred` are found in `label`, each element of `label` matching once: Python's
 * `for u in pred: if u in label: cnt += 1; label.remove(u)` on a copy of `label`.
 */
function matchCount(pred: readonly unknown[], label: readonly unknown[]): number {
  const left = [...label];
  let cnt = 0;
  for (const unit of pred) {
    if (pyIn(unit, left)) {
      cnt++;
      pyRemove(left, unit);
    }
  }
  return cnt;
}

function evalSelect(pred: SpiderSql, label: SpiderSql): [Counts, Counts] {
  const predSel = pred.select[1];
  const labelSel = label.select[1];
  const totals = [labelSel.length, predSel.length] as const;
  return [
    [...totals, matchCount(predSel, labelSel)],
    [...totals, matchCount(predSel.map((u) => u[1]), labelSel.map((u) => u[1]))],
  ];
}

function evalWhere(pred: SpiderSql, label: SpiderSql): [Counts, Counts] {
  const predConds = everyOther(pred.where, 0);
  const labelConds = everyOther(label.where, 0);
  const totals = [labelConds.length, predConds.length] as const;
  return [
    [...totals, matchCount(predConds, labelConds)],
    [...totals, matchCount(predConds.map((u) => pyItem(u, 2)), labelConds.map((u) => pyItem(u, 2)))],
  ];
}

/** GROUP BY columns compared by column name only (`__t.c__` → `c__`), as a multiset. */
function evalGroup(pred: SpiderSql, label: SpiderSql): Counts {
  const bare = (id: string) => (id.includes('.') ? id.split('.')[1]! : id);
  const predCols = pred.groupBy.map((u) => bare(u[1]));
  const labelCols = label.groupBy.map((u) => bare(u[1]));
  return [label.groupBy.length, pred.groupBy.length, matchCount(predCols, labelCols)];
}

function evalHaving(pred: SpiderSql, label: SpiderSql): Counts {
  const predTotal = pred.groupBy.length > 0 ? 1 : 0;
  const labelTotal = label.groupBy.length > 0 ? 1 : 0;
  const same =
    predTotal === 1 &&
    labelTotal === 1 &&
    pyEqual(
      pred.groupBy.map((u) => u[1]),
      label.groupBy.map((u) => u[1]),
    ) &&
    pyEqual(pred.having, label.having);
  return [labelTotal, predTotal, same ? 1 : 0];
}

function evalOrder(pred: SpiderSql, label: SpiderSql): Counts {
  const predTotal = pred.orderBy.length > 0 ? 1 : 0;
  const labelTotal = label.orderBy.length > 0 ? 1 : 0;
  const same = labelTotal === 1 && pyEqual(pred.orderBy, label.orderBy) && (pred.limit === null) === (label.limit === null);
  return [labelTotal, predTotal, same ? 1 : 0];
}

/** As officially, the two totals come back swapped when the sets differ. */
function evalAndOr(pred: SpiderSql, label: SpiderSql): Counts {
  const p = everyOther(pred.where, 1);
  const l = everyOther(label.where, 1);
  if (pySetEqual(p, l)) return [1, 1, 1];
  return [pyDistinct(p).length, pyDistinct(l).length, 0];
}

function evalNested(pred: SpiderSql | null, label: SpiderSql | null): Counts {
  return [label ? 1 : 0, pred ? 1 : 0, pred && label ? evalExactMatch(pred, label).em : 0];
}

function evalIUEN(pred: SpiderSql, label: SpiderSql): Counts {
  const parts = [evalNested(pred.intersect, label.intersect), evalNested(pred.except, label.except), evalNested(pred.union, label.union)];
  return [0, 1, 2].map((k) => parts.reduce((s, c) => s + c[k]!, 0)) as unknown as Counts;
}

function keywords(sql: SpiderSql): Set<string> {
  const res = new Set<string>();
  if (sql.where.length > 0) res.add('where');
  if (sql.groupBy.length > 0) res.add('group');
  if (sql.having.length > 0) res.add('having');
  const [direction] = sql.orderBy;
  if (direction !== undefined) {
    res.add(direction);
    res.add('order');
  }
  if (sql.limit !== null) res.add('limit');
  if (sql.except) res.add('except');
  if (sql.union) res.add('union');
  if (sql.intersect) res.add('intersect');
  if (allConnectives(sql).some((t) => t === 'or')) res.add('or');
  const units = allCondUnits(sql);
  if (units.some((u) => pyTruthy(pyItem(u, 0)))) res.add('not');
  if (units.some((u) => pyItem(u, 1) === IN)) res.add('in');
  if (units.some((u) => pyItem(u, 1) === LIKE)) res.add('like');
  return res;
}

function evalKeywords(pred: SpiderSql, label: SpiderSql): Counts {
  const p = keywords(pred);
  const l = keywords(label);
  return [l.size, p.size, [...p].filter((k) => l.has(k)).length];
}

export function evalPartialMatch(pred: SpiderSql, label: SpiderSql): PartialScores {
  const [sel, selNoAgg] = evalSelect(pred, label);
  const [where, whereNoOp] = evalWhere(pred, label);
  return {
    select: score(sel),
    'select(no AGG)': score(selNoAgg),
    where: score(where),
    'where(no OP)': score(whereNoOp),
    'group(no Having)': score(evalGroup(pred, label)),
    group: score(evalHaving(pred, label)),
    order: score(evalOrder(pred, label)),
    'and/or': score(evalAndOr(pred, label)),
    IUEN: score(evalIUEN(pred, label)),
    keywords: score(evalKeywords(pred, label)),
  };
}

/**
 * Python's ordering of table units: by kind ('sql' < 'table_unit'), then by id. Two FROM
 * subqueries cannot be ordered in Python (the official run dies); we leave them in place.
 */
function compareTableUnits(a: TableUnit, b: TableUnit): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[0] === 'table_unit' && b[0] === 'table_unit') return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  return 0;
}

/** `eval_exact_match`: every component's F1 is 1, and the FROM units agree as sorted lists. */
export function evalExactMatch(pred: SpiderSql, label: SpiderSql): { em: 0 | 1; partial: PartialScores } {
  const partial = evalPartialMatch(pred, label);
  if (PARTIAL_TYPES.some((t) => partial[t].f1 !== 1)) return { em: 0, partial };
  if (label.from.table_units.length > 0) {
    const l = [...label.from.table_units].sort(compareTableUnits);
    const p = [...pred.from.table_units].sort(compareTableUnits);
    return { em: pyEqual(l, p) ? 1 : 0, partial };
  }
  return { em: 1, partial };
}
