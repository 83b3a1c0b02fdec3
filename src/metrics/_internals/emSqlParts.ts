import { isSpiderSql, WHERE_OPS, type Condition, type SpiderSql } from '../../sql/parse/SpiderSql.ts';
import { everyOther, pyItem } from './emPython.ts';

/**
 * Readings of a parse that both hardness and exact match use, written as the official code
 * reads the condition lists: by position (`conds[::2]` are condition units, `conds[1::2]`
 * connectives), whatever actually sits there.
 */
export const LIKE = (WHERE_OPS as readonly string[]).indexOf('like');
export const IN = (WHERE_OPS as readonly string[]).indexOf('in');

export type CondItem = Condition[number];

/** `from.conds[::2] + where[::2] + having[::2]`. */
export function allCondUnits(sql: SpiderSql): CondItem[] {
  return [...everyOther(sql.from.conds, 0), ...everyOther(sql.where, 0), ...everyOther(sql.having, 0)];
}

/** `from.conds[1::2] + where[1::2] + having[1::2]`. */
export function allConnectives(sql: SpiderSql): CondItem[] {
  return [...everyOther(sql.from.conds, 1), ...everyOther(sql.where, 1), ...everyOther(sql.having, 1)];
}

/** `get_nestedSQL`: subqueries used as condition values, then INTERSECT, EXCEPT, UNION. */
export function nestedSql(sql: SpiderSql): SpiderSql[] {
  const out: SpiderSql[] = [];
  for (const unit of allCondUnits(sql)) {
    const v1 = pyItem(unit, 3);
    const v2 = pyItem(unit, 4);
    if (isSpiderSql(v1)) out.push(v1);
    if (isSpiderSql(v2)) out.push(v2);
  }
  if (sql.intersect) out.push(sql.intersect);
  if (sql.except) out.push(sql.except);
  if (sql.union) out.push(sql.union);
  return out;
}
