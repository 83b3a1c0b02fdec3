import type { Kmap } from '../../sql/parse/foreignKeyMaps.ts';
import { isSpiderSql, type ColUnit, type Condition, type SpiderSql, type ValUnit } from '../../sql/parse/SpiderSql.ts';

/**
 * The two rewrites the official driver applies to both parses before comparing them
 * (`rebuild_sql_val`, then `rebuild_sql_col`), as pure functions returning new objects.
 *
 * Values: every condition value that is not a nested query becomes null, in FROM/WHERE/
 * HAVING and down through INTERSECT/UNION/EXCEPT and nested condition queries.
 *
 * Columns: DISTINCT flags become null, and a column that belongs to a table of the *outer*
 * FROM clause and has a foreign-key group is replaced by the group's representative; that
 * one set of valid columns is used for INTERSECT/UNION/EXCEPT too. Like the official code,
 * it does not descend into queries nested in conditions (their columns and DISTINCT stay)
 * nor into FROM subqueries (which keep even their values).
 */
export function rebuildForMatch(sql: SpiderSql, kmap: Kmap): SpiderSql {
  const prefixes = new Set(
    sql.from.table_units.flatMap((tu) => (tu[0] === 'table_unit' ? [tu[1].slice(0, -2)] : [])),
  );
  return rebuildCols(rebuildVals(sql), { prefixes, kmap });
}

function rebuildVals(sql: SpiderSql): SpiderSql {
  return {
    ...sql,
    from: { table_units: sql.from.table_units, conds: valsOfCondition(sql.from.conds) },
    where: valsOfCondition(sql.where),
    having: valsOfCondition(sql.having),
    intersect: sql.intersect && rebuildVals(sql.intersect),
    union: sql.union && rebuildVals(sql.union),
    except: sql.except && rebuildVals(sql.except),
  };
}

function valsOfCondition(cond: Condition): Condition {
  return cond.map((item, i) => {
    // Odd positions are connectives; a string at an even position crashes the official code.
    if (i % 2 !== 0 || typeof item === 'string') return item;
    const [not, op, valUnit, v1, v2] = item;
    return [not, op, valUnit, isSpiderSql(v1) ? rebuildVals(v1) : null, isSpiderSql(v2) ? rebuildVals(v2) : null] as const;
  });
}

interface ColContext {
  /** `__table` for each table of the outer FROM (`build_valid_col_units`). */
  readonly prefixes: ReadonlySet<string>;
  readonly kmap: Kmap;
}

function col(ctx: ColContext, unit: ColUnit): ColUnit {
  const [agg, id] = unit;
  const dot = id.indexOf('.');
  const valid = dot >= 0 && ctx.prefixes.has(id.slice(0, dot));
  const mapped = valid ? ctx.kmap.get(id) : undefined;
  return [agg, mapped ?? id, null];
}

function valUnit(ctx: ColContext, unit: ValUnit): ValUnit {
  return [unit[0], col(ctx, unit[1]), unit[2] === null ? null : col(ctx, unit[2])];
}

function colsOfCondition(ctx: ColContext, cond: Condition): Condition {
  return cond.map((item, i) => {
    if (i % 2 !== 0 || typeof item === 'string') return item;
    return [item[0], item[1], valUnit(ctx, item[2]), item[3], item[4]] as const;
  });
}

function rebuildCols(sql: SpiderSql, ctx: ColContext): SpiderSql {
  return {
    select: [null, sql.select[1].map(([agg, vu]) => [agg, valUnit(ctx, vu)] as const)],
    from: { table_units: sql.from.table_units, conds: colsOfCondition(ctx, sql.from.conds) },
    where: colsOfCondition(ctx, sql.where),
    groupBy: sql.groupBy.map((u) => col(ctx, u)),
    orderBy: sql.orderBy.length === 0 ? [] : [sql.orderBy[0], sql.orderBy[1].map((u) => valUnit(ctx, u))],
    having: colsOfCondition(ctx, sql.having),
    limit: sql.limit,
    intersect: sql.intersect && rebuildCols(sql.intersect, ctx),
    union: sql.union && rebuildCols(sql.union, ctx),
    except: sql.except && rebuildCols(sql.except, ctx),
  };
}
