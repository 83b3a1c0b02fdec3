import type { SqlExecutor } from '../sql/ExecOutcome.ts';
import { loadParserSchema } from '../sql/parse/loadParserSchema.ts';
import { parseSpiderSql } from '../sql/parse/parseSpiderSql.ts';
import { printSpiderSql } from '../sql/parse/printSpiderSql.ts';
import type { SpiderSql } from '../sql/parse/SpiderSql.ts';
import { cellKey } from './readDatabaseShape.ts';
import { withLimitValues } from './neighbourQueries.ts';

/**
 * Whether an ordered query's result on a database rests on how ties are broken:
 * - `ties`: two rows that differ have equal ORDER BY keys side by side within the result (or
 *   across the LIMIT boundary), so another engine or version may return them in another
 *   order, or another row under the LIMIT; `at` is the first such row (0-based);
 * - `no-ties`: every neighbouring pair differs in its keys (or is the same row);
 * - `unordered`: no top-level ORDER BY; `unsupported`: set operations or no official parse;
 *   `failed`: the probe query did not run (the message says why).
 */
export type OrderTies =
  | { readonly kind: 'ties'; readonly at: number }
  | { readonly kind: 'no-ties' }
  | { readonly kind: 'unordered' }
  | { readonly kind: 'unsupported' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Finds ties by running a probe: the query with its ORDER BY keys appended to the select list
 * and one row more than its LIMIT, then comparing neighbouring rows' keys. Physical row order
 * cannot show these ties when a GROUP BY or an index fixes the order in one engine but not in
 * another (prediction 132 of resdsql-3b on car_1: `ORDER BY count(*) DESC LIMIT 1` over groups
 * that all count 1).
 */
export async function orderTies(file: string, sql: string, executor: SqlExecutor): Promise<OrderTies> {
  const parsed = parseSpiderSql(sql, loadParserSchema(file));
  if (!parsed.ok) return { kind: 'unsupported' };
  const q: SpiderSql = withLimitValues(parsed.sql, sql);
  const [direction, keys] = q.orderBy;
  if (direction === undefined || keys === undefined) return { kind: 'unordered' };
  if (q.union || q.intersect || q.except) return { kind: 'unsupported' };
  const width = q.select[1].length;
  const probe: SpiderSql = { ...q, select: [q.select[0], [...q.select[1], ...keys.map((k) => [0, k] as const)]], limit: q.limit === null ? null : q.limit + 1 };
  const outcome = await executor.execute(file, printSpiderSql(probe));
  if (outcome.kind !== 'rows') return { kind: 'failed', message: outcome.kind === 'error' || outcome.kind === 'crashed' || outcome.kind === 'unavailable' ? outcome.message : outcome.kind };
  const rows = outcome.rows.map((r) => ({ full: JSON.stringify(r.slice(0, width).map(cellKey)), keys: JSON.stringify(r.slice(width).map(cellKey)) }));
  for (let i = 0; i + 1 < rows.length; i++) {
    if (rows[i]!.keys === rows[i + 1]!.keys && rows[i]!.full !== rows[i + 1]!.full) return { kind: 'ties', at: i };
  }
  return { kind: 'no-ties' };
}
