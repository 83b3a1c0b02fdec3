import {
  AGG_OPS,
  isSpiderSql,
  UNIT_OPS,
  WHERE_OPS,
  type ColUnit,
  type Condition,
  type CondValue,
  type SelectItem,
  type SpiderSql,
  type TableUnit,
  type ValUnit,
} from './SpiderSql.ts';

export interface PrintOptions {
  /** The alias to give a table (`FROM singer AS x`, columns as `x.name`); none by default. */
  alias?: (table: string) => string | undefined;
}

/**
 * SQL text for a parse, written so that the official parser reads it back as the same parse
 * (columns always qualified, ON conditions after the last JOIN, one ORDER BY direction after
 * the last key, `LIMIT 1`). Used to show parses and to test the parser on generated queries.
 * A null value (after the evaluator dropped it) prints as `value`.
 */
export function printSpiderSql(sql: SpiderSql, options: PrintOptions = {}): string {
  const alias = options.alias ?? (() => undefined);
  return printQuery(sql, alias);
}

type AliasOf = (table: string) => string | undefined;

function printColId(id: string, alias: AliasOf): string {
  if (id === '__all__') return '*';
  const inner = id.slice(2, -2);
  const dot = inner.indexOf('.');
  if (dot < 0) return inner;
  const table = inner.slice(0, dot);
  return `${alias(table) ?? table}.${inner.slice(dot + 1)}`;
}

function printColUnit([agg, id, distinct]: ColUnit, alias: AliasOf): string {
  const body = `${distinct ? 'distinct ' : ''}${printColId(id, alias)}`;
  return agg === 0 ? body : `${AGG_OPS[agg]}(${body})`;
}

function printValUnit([op, c1, c2]: ValUnit, alias: AliasOf): string {
  const left = printColUnit(c1, alias);
  return c2 === null ? left : `${left} ${UNIT_OPS[op]} ${printColUnit(c2, alias)}`;
}

function printSelectItem([agg, vu]: SelectItem, alias: AliasOf): string {
  const body = printValUnit(vu, alias);
  if (agg !== 0) return `${AGG_OPS[agg]}(${body})`;
  // A bare `count(x)` would be read as the item's own aggregate and a leading `distinct`
  // as the SELECT's: parenthesise.
  return vu[1][0] !== 0 || vu[1][2] === true ? `(${body})` : body;
}

function printValue(v: CondValue, alias: AliasOf): string {
  if (v === null) return 'value';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (isSpiderSql(v)) return `(${printQuery(v, alias)})`;
  return printColUnit(v, alias);
}

function printCondition(cond: Condition, alias: AliasOf): string {
  return cond
    .map((item) => {
      if (typeof item === 'string') return item;
      const [not, op, vu, v1, v2] = item;
      const head = `${printValUnit(vu, alias)} ${not ? 'not ' : ''}${WHERE_OPS[op]} ${printValue(v1, alias)}`;
      return WHERE_OPS[op] === 'between' ? `${head} and ${printValue(v2, alias)}` : head;
    })
    .join(' ');
}

function printTableUnit(tu: TableUnit, alias: AliasOf): string {
  if (tu[0] === 'sql') return `(${printQuery(tu[1], alias)})`;
  const table = tu[1].slice(2, -2);
  const a = alias(table);
  return a === undefined ? table : `${table} as ${a}`;
}

function printQuery(sql: SpiderSql, alias: AliasOf): string {
  const parts: string[] = [];
  const [distinct, items] = sql.select;
  parts.push(`select ${distinct ? 'distinct ' : ''}${items.map((i) => printSelectItem(i, alias)).join(', ')}`);
  parts.push(`from ${sql.from.table_units.map((tu) => printTableUnit(tu, alias)).join(' join ')}`);
  if (sql.from.conds.length > 0) parts.push(`on ${printCondition(sql.from.conds, alias)}`);
  if (sql.where.length > 0) parts.push(`where ${printCondition(sql.where, alias)}`);
  if (sql.groupBy.length > 0) parts.push(`group by ${sql.groupBy.map((c) => printColUnit(c, alias)).join(', ')}`);
  if (sql.having.length > 0) parts.push(`having ${printCondition(sql.having, alias)}`);
  const [direction, keys] = sql.orderBy;
  if (direction !== undefined && keys !== undefined) {
    parts.push(`order by ${keys.map((k) => printValUnit(k, alias)).join(', ')} ${direction}`);
  }
  if (sql.limit !== null) parts.push(`limit ${sql.limit}`);
  if (sql.intersect) parts.push(`intersect ${printQuery(sql.intersect, alias)}`);
  if (sql.union) parts.push(`union ${printQuery(sql.union, alias)}`);
  if (sql.except) parts.push(`except ${printQuery(sql.except, alias)}`);
  return parts.join(' ');
}
