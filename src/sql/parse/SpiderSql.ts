/**
 * The structured form the official `process_sql.get_sql` produces, with the same shapes
 * (tuples as arrays) and the same column ids (`__table.column__`, `__table__`, `__all__`),
 * so that comparing two of them means what the official evaluator's `==` means.
 *
 * Operator ids index the official tuples below (`AGG_OPS[agg]`, `WHERE_OPS[op]`, ...).
 */
export const AGG_OPS = ['none', 'max', 'min', 'count', 'sum', 'avg'] as const;
export const UNIT_OPS = ['none', '-', '+', '*', '/'] as const;
export const WHERE_OPS = ['not', 'between', '=', '>', '<', '>=', '<=', '!=', 'in', 'like', 'is', 'exists'] as const;
export const SQL_OPS = ['intersect', 'union', 'except'] as const;

export type SqlOp = (typeof SQL_OPS)[number];
export type OrderDirection = 'asc' | 'desc';
export type Connective = 'and' | 'or';

/** `(agg_id, col_id, isDistinct)`; the evaluator sets isDistinct to null (DISTINCT ignored). */
export type ColUnit = readonly [agg: number, colId: string, distinct: boolean | null];
/** `(unit_op, col_unit1, col_unit2)` — `a - b` and friends. */
export type ValUnit = readonly [unitOp: number, col1: ColUnit, col2: ColUnit | null];
/**
 * A condition's right-hand side: a number, a string literal with its quotes (`"abc"`),
 * a column, a nested query, or null (the evaluator drops every value that is not a query).
 */
export type CondValue = number | string | ColUnit | SpiderSql | null;
/** `(not_op, op_id, val_unit, val1, val2)`. */
export type CondUnit = readonly [not: boolean, op: number, valUnit: ValUnit, val1: CondValue, val2: CondValue];
/**
 * `[cond_unit, 'and'|'or', cond_unit, ...]`. The official parser does not insist on the
 * alternation (two conditions with no connective between them are accepted), and its
 * evaluator reads the list by position (`[::2]`, `[1::2]`), so neither do we.
 */
export type Condition = ReadonlyArray<CondUnit | Connective>;
export type TableUnit = readonly ['table_unit', string] | readonly ['sql', SpiderSql];
export type SelectItem = readonly [agg: number, valUnit: ValUnit];

export interface SpiderSql {
  readonly select: readonly [distinct: boolean | null, items: readonly SelectItem[]];
  readonly from: { readonly table_units: readonly TableUnit[]; readonly conds: Condition };
  readonly where: Condition;
  readonly groupBy: readonly ColUnit[];
  readonly having: Condition;
  /** `[]` without ORDER BY, else the direction (the last one written wins) and the keys. */
  readonly orderBy: readonly [] | readonly [OrderDirection, readonly ValUnit[]];
  /** The official parser never keeps the LIMIT value: 1 when present. */
  readonly limit: number | null;
  readonly intersect: SpiderSql | null;
  readonly union: SpiderSql | null;
  readonly except: SpiderSql | null;
}

/** What the official driver evaluates an unparseable prediction as. */
export const EMPTY_SQL: SpiderSql = {
  select: [false, []],
  from: { table_units: [], conds: [] },
  where: [],
  groupBy: [],
  having: [],
  orderBy: [],
  limit: null,
  intersect: null,
  union: null,
  except: null,
};

export function isSpiderSql(v: unknown): v is SpiderSql {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
