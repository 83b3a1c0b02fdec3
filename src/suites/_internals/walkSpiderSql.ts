import { isSpiderSql, type CondUnit, type Condition, type SpiderSql } from '../../sql/parse/SpiderSql.ts';

/** Every query inside `sql`, itself first: FROM subqueries, subqueries in conditions, set operations. */
export function allQueries(sql: SpiderSql): SpiderSql[] {
  const out: SpiderSql[] = [];
  const visit = (q: SpiderSql) => {
    out.push(q);
    for (const tu of q.from.table_units) if (tu[0] === 'sql') visit(tu[1]);
    for (const cond of [q.from.conds, q.where, q.having]) {
      for (const unit of condUnits(cond)) for (const v of [unit[3], unit[4]]) if (isSpiderSql(v)) visit(v);
    }
    for (const child of [q.intersect, q.union, q.except]) if (child) visit(child);
  };
  visit(sql);
  return out;
}

export function condUnits(cond: Condition): CondUnit[] {
  return cond.filter((c): c is CondUnit => typeof c !== 'string');
}

/** `__singer.age__` → `singer.age` (lower case, as the parser spells it); null for `*` or a table id. */
export function columnKey(colId: string): string | null {
  if (colId === '__all__') return null;
  const inner = colId.slice(2, -2);
  return inner.includes('.') ? inner : null;
}
