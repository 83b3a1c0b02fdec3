import { WHERE_OPS, type CondValue, type SpiderSql } from '../sql/parse/SpiderSql.ts';
import type { CellValue } from './DatabaseShape.ts';
import { allQueries, columnKey, condUnits } from './_internals/walkSpiderSql.ts';

/** What a gold query tells the generator, by column (`table.column`, lower case). */
export interface GoldHints {
  /** The literals the gold compares a column against, with their boundary neighbours. */
  readonly literals: ReadonlyMap<string, readonly CellValue[]>;
  /** Columns the gold orders by: generated without ties. */
  readonly orderKeys: ReadonlySet<string>;
}

/**
 * The literals of a gold query and the boundary neighbours of each (`age > 20` → 19, 20, 21;
 * `LIKE '%a%'` → strings with and without `a`), per compared column, and its ORDER BY columns.
 * Pure: reads the parse only.
 */
export function goldLiterals(sql: SpiderSql): GoldHints {
  const literals = new Map<string, CellValue[]>();
  const orderKeys = new Set<string>();
  const add = (key: string, values: readonly CellValue[]) => {
    const list = literals.get(key) ?? [];
    for (const v of values) if (!list.some((x) => sameValue(x, v))) list.push(v);
    literals.set(key, list);
  };
  for (const q of allQueries(sql)) {
    for (const unit of [...condUnits(q.from.conds), ...condUnits(q.where), ...condUnits(q.having)]) {
      const [, op, [, col1]] = unit;
      const key = col1[0] === 0 ? columnKey(col1[1]) : null; // aggregates (HAVING count(*) > 2) have no column domain
      if (key === null) continue;
      const like = WHERE_OPS[op] === 'like';
      for (const v of [unit[3], unit[4]]) {
        const lit = literalOf(v);
        if (lit !== null) add(key, like && typeof lit === 'string' ? likeNeighbours(lit) : boundaryNeighbours(lit));
      }
    }
    const keys = q.orderBy[1] ?? [];
    for (const [, c1, c2] of keys) {
      const key = c2 === null && c1[0] === 0 ? columnKey(c1[1]) : null;
      if (key !== null) orderKeys.add(key);
    }
  }
  return { literals, orderKeys };
}

/** A condition value as a cell value: numbers (integers as bigint), strings without their quotes. */
function literalOf(v: CondValue): CellValue | null {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (typeof v !== 'string' || v.length < 2) return null;
  const q = v[0];
  if ((q === '"' || q === "'") && v.endsWith(q)) return v.slice(1, -1).replaceAll(q + q, q);
  return null;
}

/** The literal and its nearest neighbours on either side. */
export function boundaryNeighbours(v: CellValue): CellValue[] {
  if (typeof v === 'bigint') return [v - 1n, v, v + 1n];
  if (typeof v === 'number') return [v - 1, v - 0.5, v, v + 0.5, v + 1];
  if (typeof v === 'string') {
    const out: CellValue[] = [v];
    if (v.toLowerCase() !== v) out.push(v.toLowerCase());
    else if (v.toUpperCase() !== v) out.push(v.toUpperCase());
    if (v.length > 0) out.push(v.slice(0, -1)); // just below in text order
    out.push(v + 'a'); // just above
    return out;
  }
  return [v];
}

/** Strings a LIKE pattern accepts (the pattern's text alone, with text around it) and one it rejects. */
export function likeNeighbours(pattern: string): CellValue[] {
  const core = pattern.replaceAll('%', '').replaceAll('_', 'x');
  const fill = (s: string) => s.replaceAll('_', 'x');
  const withText = fill(pattern.replace(/^%/, 'Q ').replace(/%$/, ' Q').replaceAll('%', ' q '));
  const without = core.length > 0 ? core.slice(0, -1) + (core.endsWith('z') ? 'y' : 'z') : 'z';
  return [...new Set([core, withText, fill(pattern.replaceAll('%', '')), without, 'Q ' + core + ' Q'])];
}

function sameValue(a: CellValue, b: CellValue): boolean {
  return typeof a === typeof b && (a instanceof Uint8Array ? false : a === b);
}
