import type { SpiderSql } from '../sql/parse/SpiderSql.ts';
import { everyOther, pyItem } from './_internals/emPython.ts';
import { allConnectives, allCondUnits, LIKE, nestedSql } from './_internals/emSqlParts.ts';

export type Hardness = 'easy' | 'medium' | 'hard' | 'extra';
export const HARDNESS_LEVELS: readonly Hardness[] = ['easy', 'medium', 'hard', 'extra'];

/**
 * Spider's difficulty of a gold query, as the official `eval_hardness` counts it on the raw
 * parse (values and DISTINCT still in):
 * - component1: WHERE, GROUP BY, ORDER BY, LIMIT, each extra table, each OR, each LIKE;
 * - component2: nested queries in conditions, INTERSECT, UNION, EXCEPT;
 * - others: more than one "aggregate", more than one select item, a WHERE list longer than
 *   one item, more than one GROUP BY column.
 * The "aggregate" count keeps the official reading of `unit[0] != 0`: for a WHERE condition
 * that is its NOT flag, and every HAVING item counts (a condition by its NOT flag, each
 * AND/OR as one). Those are official bugs; the published hardness labels contain them.
 */
export function hardness(gold: SpiderSql): Hardness {
  const c1 = component1(gold);
  const c2 = nestedSql(gold).length;
  const others = countOthers(gold);
  if (c1 <= 1 && others === 0 && c2 === 0) return 'easy';
  if ((others <= 2 && c1 <= 1 && c2 === 0) || (c1 <= 2 && others < 2 && c2 === 0)) return 'medium';
  if ((others > 2 && c1 <= 2 && c2 === 0) || (c1 > 2 && c1 <= 3 && others <= 2 && c2 === 0) || (c1 <= 1 && others === 0 && c2 <= 1)) {
    return 'hard';
  }
  return 'extra';
}

function component1(sql: SpiderSql): number {
  let n = 0;
  if (sql.where.length > 0) n++;
  if (sql.groupBy.length > 0) n++;
  if (sql.orderBy.length > 0) n++;
  if (sql.limit !== null) n++;
  if (sql.from.table_units.length > 0) n += sql.from.table_units.length - 1;
  n += allConnectives(sql).filter((t) => t === 'or').length;
  n += allCondUnits(sql).filter((u) => pyItem(u, 1) === LIKE).length;
  return n;
}

/** `has_agg`: `unit[0] != AGG_OPS.index('none')`, with Python's `False == 0`. */
function hasAgg(first: unknown): boolean {
  return !(first === 0 || first === false);
}

function countOthers(sql: SpiderSql): number {
  let aggs = 0;
  aggs += sql.select[1].filter(([agg]) => hasAgg(agg)).length;
  aggs += everyOther(sql.where, 0).filter((u) => hasAgg(pyItem(u, 0))).length;
  aggs += sql.groupBy.filter(([agg]) => hasAgg(agg)).length;
  const keys = sql.orderBy[1];
  if (keys !== undefined) {
    aggs += keys.filter(([, c1]) => hasAgg(c1[0])).length;
    aggs += keys.filter(([, , c2]) => c2 !== null && hasAgg(c2[0])).length;
  }
  aggs += sql.having.filter((u) => hasAgg(pyItem(u, 0))).length;
  let n = 0;
  if (aggs > 1) n++;
  if (sql.select[1].length > 1) n++;
  if (sql.where.length > 1) n++;
  if (sql.groupBy.length > 1) n++;
  return n;
}
