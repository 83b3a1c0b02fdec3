import { isSpiderSql, type ColUnit, type Condition, type CondUnit, type CondValue, type SpiderSql, type TableUnit, type ValUnit } from '../sql/parse/SpiderSql.ts';
import { printSpiderSql } from '../sql/parse/printSpiderSql.ts';
import type { Schema } from '../schema/Schema.ts';
import { columnKey } from './_internals/walkSpiderSql.ts';

export type NeighbourKind =
  | 'comparison'
  | 'aggregate'
  | 'distinct'
  | 'drop-predicate'
  | 'swap-predicate'
  | 'connective'
  | 'column'
  | 'limit'
  | 'order-direction'
  | 'order-key'
  | 'group-by'
  | 'join-condition';

/** A query one edit away from the gold. */
export interface Neighbour {
  readonly kind: NeighbourKind;
  readonly sql: string;
}

export interface NeighbourQueriesOptions {
  /** Other columns tried in place of one column reference. Default 3. */
  columnsPerSlot?: number;
}

type Mutant = readonly [NeighbourKind, SpiderSql];

const COMPARISONS = [2, 3, 4, 5, 6, 7]; // = > < >= <= !=
const NEGATABLE = new Set([1, 8, 9]); // between, in, like

/**
 * The neighbours of a gold query: its parse (`gold`, with real LIMIT values, see
 * `withLimitValues`) edited once — a comparison operator, an aggregate, DISTINCT on/off, a
 * predicate dropped or two predicates' values swapped, AND↔OR, another column of the same type
 * and table, LIMIT, ORDER BY direction and key, a GROUP BY column, a join condition — at every
 * level of nesting, printed, without repeats and without the gold's own printing.
 */
export function neighbourQueries(gold: SpiderSql, schema: Schema, options: NeighbourQueriesOptions = {}): Neighbour[] {
  const ctx: Ctx = { columns: columnTypes(schema), perSlot: options.columnsPerSlot ?? 3 };
  const own = printSpiderSql(gold);
  const seen = new Set([own]);
  const out: Neighbour[] = [];
  for (const [kind, sql] of allLevels(gold, ctx)) {
    const text = printSpiderSql(sql);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ kind, sql: text });
  }
  return out;
}

/**
 * The parse with each LIMIT's real value (the official parser keeps 1), read from the query
 * text in order; unchanged when the text's LIMITs cannot be matched one to one.
 */
export function withLimitValues(sql: SpiderSql, text: string): SpiderSql {
  const values = [...text.matchAll(/\blimit\s+(\d+)/gi)].map((m) => Number(m[1]));
  let count = 0;
  mapQuery(sql, (q) => {
    if (q.limit !== null) count++;
    return q;
  });
  if (count !== values.length) return sql;
  let next = 0;
  return mapQuery(sql, (q) => (q.limit === null ? q : { ...q, limit: values[next++]! }));
}

/** Rebuilds a query bottom-up in printing order (FROM, ON, WHERE, HAVING subqueries, then the query, then set operations). */
function mapQuery(q: SpiderSql, f: (q: SpiderSql) => SpiderSql): SpiderSql {
  const cond = (c: Condition): Condition =>
    c.map((u) => (typeof u === 'string' ? u : ([u[0], u[1], u[2], isSpiderSql(u[3]) ? mapQuery(u[3], f) : u[3], isSpiderSql(u[4]) ? mapQuery(u[4], f) : u[4]] as CondUnit)));
  const tus = q.from.table_units.map((tu): TableUnit => (tu[0] === 'sql' ? ['sql', mapQuery(tu[1], f)] : tu));
  const inner = f({ ...q, from: { table_units: tus, conds: cond(q.from.conds) }, where: cond(q.where), having: cond(q.having) });
  return {
    ...inner,
    intersect: inner.intersect && mapQuery(inner.intersect, f),
    union: inner.union && mapQuery(inner.union, f),
    except: inner.except && mapQuery(inner.except, f),
  };
}

interface Ctx {
  /** `table` → its columns with coarse types (lower case). */
  readonly columns: ReadonlyMap<string, ReadonlyArray<{ readonly name: string; readonly type: string }>>;
  readonly perSlot: number;
}

function columnTypes(schema: Schema): Ctx['columns'] {
  return new Map(schema.tables.map((t) => [t.name.toLowerCase(), t.columns.map((c) => ({ name: c.name.toLowerCase(), type: c.coarseType }))]));
}

/** Mutants of this query and of every query nested in it. */
function allLevels(q: SpiderSql, ctx: Ctx): Mutant[] {
  const out: Mutant[] = [...level(q, ctx)];
  q.from.table_units.forEach((tu, i) => {
    if (tu[0] !== 'sql') return;
    for (const [k, m] of allLevels(tu[1], ctx)) out.push([k, { ...q, from: { ...q.from, table_units: q.from.table_units.map((t, j) => (j === i ? ['sql', m] : t)) } }]);
  });
  for (const field of ['where', 'having'] as const) {
    q[field].forEach((u, i) => {
      if (typeof u === 'string') return;
      for (const slot of [3, 4] as const) {
        const v = u[slot];
        if (!isSpiderSql(v)) continue;
        for (const [k, m] of allLevels(v, ctx)) {
          const unit = [...u] as unknown as CondValue[];
          unit[slot] = m;
          out.push([k, { ...q, [field]: replaceAt(q[field], i, unit as unknown as CondUnit) }]);
        }
      }
    });
  }
  for (const op of ['intersect', 'union', 'except'] as const) {
    const child = q[op];
    if (child) for (const [k, m] of allLevels(child, ctx)) out.push([k, { ...q, [op]: m }]);
  }
  return out;
}

function replaceAt<T>(list: readonly T[], i: number, v: T): T[] {
  return list.map((x, j) => (j === i ? v : x));
}

function level(q: SpiderSql, ctx: Ctx): Mutant[] {
  return [...conditions(q, ctx), ...selects(q, ctx), ...grouping(q, ctx), ...ordering(q, ctx)];
}

/** Other columns of the column's table (the same coarse type unless `anyType`). */
function otherColumns(c: ColUnit, ctx: Ctx, anyType = false): ColUnit[] {
  const key = columnKey(c[1]);
  if (key === null) return [];
  const [table, name] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
  const cols = ctx.columns.get(table) ?? [];
  const type = cols.find((x) => x.name === name)?.type;
  return cols
    // Names the printer cannot write bare (`official_ratings_(millions)`) are left out.
    .filter((x) => x.name !== name && (anyType || x.type === type) && /^[a-z_][a-z0-9_]*$/.test(x.name))
    .slice(0, ctx.perSlot)
    .map((x) => [c[0], `__${table}.${x.name}__`, c[2]] as const);
}

function withCol(vu: ValUnit, c: ColUnit): ValUnit {
  return [vu[0], c, vu[2]];
}

function conditions(q: SpiderSql, ctx: Ctx): Mutant[] {
  const out: Mutant[] = [];
  for (const field of ['where', 'having'] as const) {
    const cond = q[field];
    const set = (c: Condition): SpiderSql => ({ ...q, [field]: c });
    const units = cond.map((u, i) => [u, i] as const).filter((p): p is readonly [CondUnit, number] => typeof p[0] !== 'string');
    cond.forEach((u, i) => {
      if (typeof u === 'string') out.push(['connective', set(replaceAt(cond, i, u === 'and' ? 'or' : 'and'))]);
    });
    for (const [u, i] of units) {
      const [not, op, vu, v1, v2] = u;
      if (COMPARISONS.includes(op)) for (const o of COMPARISONS) if (o !== op) out.push(['comparison', set(replaceAt(cond, i, [not, o, vu, v1, v2]))]);
      if (NEGATABLE.has(op)) out.push(['comparison', set(replaceAt(cond, i, [!not, op, vu, v1, v2]))]);
      if (op === 1) out.push(['swap-predicate', set(replaceAt(cond, i, [not, op, vu, v2, v1]))]);
      // Dropped: the unit and the connective before it (or after it, for the first).
      const dropped = i === 0 ? cond.slice(2) : [...cond.slice(0, i - 1), ...cond.slice(i + 1)];
      out.push(['drop-predicate', set(dropped)]);
      for (const c of otherColumns(vu[1], ctx)) out.push(['column', set(replaceAt(cond, i, [not, op, withCol(vu, c), v1, v2]))]);
    }
    for (let a = 0; a < units.length; a++) {
      for (let b = a + 1; b < units.length; b++) {
        const [ua, ia] = units[a]!;
        const [ub, ib] = units[b]!;
        if (isSpiderSql(ua[3]) || isSpiderSql(ub[3]) || ua[3] === null || ub[3] === null) continue;
        const swapped = replaceAt(replaceAt(cond, ia, [ua[0], ua[1], ua[2], ub[3], ua[4]]), ib, [ub[0], ub[1], ub[2], ua[3], ub[4]]);
        out.push(['swap-predicate', set(swapped)]);
      }
    }
  }
  // Join conditions: another column on either side, or no condition at all.
  const on = q.from.conds;
  const setOn = (c: Condition): SpiderSql => ({ ...q, from: { ...q.from, conds: c } });
  on.forEach((u, i) => {
    if (typeof u === 'string') return;
    const [not, op, vu, v1, v2] = u;
    for (const c of otherColumns(vu[1], ctx, true)) out.push(['join-condition', setOn(replaceAt(on, i, [not, op, withCol(vu, c), v1, v2]))]);
    if (Array.isArray(v1) && !isSpiderSql(v1)) {
      for (const c of otherColumns(v1 as ColUnit, ctx, true)) out.push(['join-condition', setOn(replaceAt(on, i, [not, op, vu, c, v2]))]);
    }
  });
  if (on.length > 0) out.push(['join-condition', setOn([])]);
  return out;
}

function selects(q: SpiderSql, ctx: Ctx): Mutant[] {
  const out: Mutant[] = [];
  const [distinct, items] = q.select;
  const set = (i: number, item: SpiderSql['select'][1][number]): SpiderSql => ({ ...q, select: [distinct, replaceAt(items, i, item)] });
  out.push(['distinct', { ...q, select: [!distinct, items] }]);
  items.forEach(([agg, vu], i) => {
    const col = vu[1];
    const star = col[1] === '__all__';
    // The aggregate may sit on the item (`count(x)`) or on its column unit: edit where it is.
    const current = agg !== 0 ? agg : col[0];
    if (current !== 0 && !star) {
      for (const a of [1, 2, 3, 4, 5]) if (a !== current) out.push(['aggregate', agg !== 0 ? set(i, [a, vu]) : set(i, [0, withCol(vu, [a, col[1], col[2]])])]);
    }
    if (current !== 0) {
      const toggled: ColUnit = [col[0], col[1], !col[2]];
      if (!star) out.push(['distinct', set(i, [agg, withCol(vu, toggled)])]);
    }
    if (!star) for (const c of otherColumns(col, ctx)) out.push(['column', set(i, [agg, withCol(vu, c)])]);
  });
  return out;
}

function grouping(q: SpiderSql, ctx: Ctx): Mutant[] {
  const out: Mutant[] = [];
  q.groupBy.forEach((c, i) => {
    for (const o of otherColumns(c, ctx, true)) out.push(['group-by', { ...q, groupBy: replaceAt(q.groupBy, i, o) }]);
  });
  // HAVING needs a GROUP BY (the official parser reads no HAVING without one).
  if (q.groupBy.length > 1 || (q.groupBy.length === 1 && q.having.length === 0)) out.push(['group-by', { ...q, groupBy: q.groupBy.slice(0, -1) }]);
  return out;
}

function ordering(q: SpiderSql, ctx: Ctx): Mutant[] {
  const out: Mutant[] = [];
  const [direction, keys] = q.orderBy;
  if (direction !== undefined && keys !== undefined) {
    out.push(['order-direction', { ...q, orderBy: [direction === 'asc' ? 'desc' : 'asc', keys] }]);
    keys.forEach((k, i) => {
      for (const c of otherColumns(k[1], ctx)) out.push(['order-key', { ...q, orderBy: [direction, replaceAt(keys, i, withCol(k, c))] }]);
      const col = k[1];
      if (col[0] !== 0 && col[1] !== '__all__') for (const a of [1, 2, 3, 4, 5]) if (a !== col[0]) out.push(['order-key', { ...q, orderBy: [direction, replaceAt(keys, i, withCol(k, [a, col[1], col[2]]))] }]);
    });
    if (keys.length > 1) out.push(['order-key', { ...q, orderBy: [direction, keys.slice(0, -1)] }]);
    out.push(['order-key', { ...q, orderBy: [] }]);
  }
  if (q.limit === null) {
    if (direction !== undefined) out.push(['limit', { ...q, limit: 1 }]);
  } else {
    out.push(['limit', { ...q, limit: null }], ['limit', { ...q, limit: q.limit + 1 }]);
    if (q.limit > 1) out.push(['limit', { ...q, limit: q.limit - 1 }]);
  }
  return out;
}
