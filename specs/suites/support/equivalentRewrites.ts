/**
 * Equivalent rewrites of a query, made with node-sql-parser (SQLite dialect: its own parser and
 * printer, independent of the project's Spider parser): each returns the rewritten SQL, or null
 * where it does not apply. Used to check that generated suites never fail a correct query.
 */
import sqlParser from 'node-sql-parser';

type Node = { [key: string]: unknown };
const parser = new sqlParser.Parser();
const opt = { database: 'sqlite' };

export type RewriteKind = 'reprint' | 'reorder-and' | 'rename-aliases' | 'flip-comparison' | 'expand-between' | 'or-to-in' | 'swap-join' | 'column-aliases';
export const REWRITE_KINDS: readonly RewriteKind[] = ['reprint', 'reorder-and', 'rename-aliases', 'flip-comparison', 'expand-between', 'or-to-in', 'swap-join', 'column-aliases'];

/** The parse, or null where node-sql-parser's SQLite grammar does not read the query (INTERSECT, say). */
export function astify(sql: string): Node | null {
  try {
    const ast = parser.astify(sql, opt) as unknown;
    const one = Array.isArray(ast) ? (ast.length === 1 ? ast[0] : null) : ast;
    return one && (one as Node).type === 'select' ? (one as Node) : null;
  } catch {
    return null;
  }
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Visits every node; `enterSelect: false` stops at nested SELECTs. Returns how many nodes `f` changed. */
function walk(node: unknown, f: (n: Node) => boolean, intoSelects = true, top = true): number {
  if (Array.isArray(node)) return node.reduce((s: number, x) => s + walk(x, f, intoSelects, false), 0);
  if (!isNode(node)) return 0;
  if (!top && !intoSelects && (node.type === 'select' || isNode(node.ast))) return 0;
  let changed = f(node) ? 1 : 0;
  for (const [k, v] of Object.entries(node)) if (k !== 'tableList' && k !== 'columnList') changed += walk(v, f, intoSelects, false);
  return changed;
}

const literal = (n: unknown) => isNode(n) && ['number', 'single_quote_string', 'string', 'double_quote_string'].includes(String(n.type));
const MIRROR: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '!=': '!=', '<>': '<>' };

const rewrites: Record<Exclude<RewriteKind, 'reprint'>, (ast: Node, sql: string) => number> = {
  'reorder-and': (ast) =>
    walk(ast, (n) => {
      if (n.type !== 'binary_expr' || n.operator !== 'AND') return false;
      [n.left, n.right] = [n.right, n.left];
      return true;
    }),
  'flip-comparison': (ast) =>
    walk(ast, (n) => {
      if (n.type !== 'binary_expr' || !(String(n.operator) in MIRROR) || !isNode(n.left) || n.left.type !== 'column_ref' || !literal(n.right)) return false;
      [n.left, n.right, n.operator] = [n.right, n.left, MIRROR[String(n.operator)]];
      return true;
    }),
  'expand-between': (ast) =>
    walk(ast, (n) => {
      if (n.type !== 'binary_expr' || n.operator !== 'BETWEEN' || !isNode(n.right)) return false;
      const [lo, hi] = n.right.value as unknown[];
      const x = n.left;
      Object.assign(n, { operator: 'AND', left: { type: 'binary_expr', operator: '>=', left: x, right: lo }, right: { type: 'binary_expr', operator: '<=', left: structuredClone(x), right: hi }, parentheses: true });
      return true;
    }),
  'or-to-in': (ast) =>
    walk(ast, (n) => {
      if (n.type !== 'binary_expr' || n.operator !== 'OR') return false;
      const leaves: Node[] = [];
      const collect = (e: unknown): boolean => {
        if (!isNode(e) || e.type !== 'binary_expr') return false;
        if (e.operator === 'OR') return collect(e.left) && collect(e.right);
        if (e.operator !== '=' || !isNode(e.left) || e.left.type !== 'column_ref' || !literal(e.right)) return false;
        leaves.push(e);
        return true;
      };
      if (!collect(n)) return false;
      const col = JSON.stringify(leaves[0]!.left);
      if (!leaves.every((l) => JSON.stringify(l.left) === col)) return false;
      const paren = n.parentheses;
      for (const k of Object.keys(n)) delete n[k];
      Object.assign(n, { type: 'binary_expr', operator: 'IN', left: leaves[0]!.left, right: { type: 'expr_list', value: leaves.map((l) => l.right) }, ...(paren ? { parentheses: true } : {}) });
      return true;
    }),
  'rename-aliases': (ast) =>
    walk(ast, (sel) => {
      if (sel.type !== 'select' || !Array.isArray(sel.from)) return false;
      const names = new Map<string, string>();
      for (const item of sel.from as Node[]) {
        if (typeof item.as === 'string' && typeof item.table === 'string') {
          names.set(item.as.toLowerCase(), `alias_${names.size + 1}`);
          item.as = `alias_${names.size}`;
        }
      }
      if (names.size === 0) return false;
      walk(sel, (n) => {
        if (n.type === 'column_ref' && typeof n.table === 'string' && names.has(n.table.toLowerCase())) n.table = names.get(n.table.toLowerCase());
        return false;
      }, false);
      return true;
    }),
  'swap-join': (ast, sql) => {
    // Only where row order cannot matter: no ORDER BY anywhere, no LIMIT, no SELECT *.
    if (/order\s+by|limit/i.test(sql) || /\*/.test(JSON.stringify(ast.columns))) return 0;
    const from = ast.from as Node[] | null;
    if (!Array.isArray(from) || from.length !== 2 || from[1]!.join !== 'INNER JOIN' || !from[1]!.on) return 0;
    const [a, b] = from as [Node, Node];
    const on = b.on;
    delete b.join;
    delete b.on;
    ast.from = [b, { ...a, join: 'INNER JOIN', on }];
    return 1;
  },
  'column-aliases': (ast) => {
    const cols = ast.columns;
    if (!Array.isArray(cols)) return 0;
    let n = 0;
    for (const c of cols as Node[]) {
      if (isNode(c.expr) && c.expr.type !== 'star' && !(c.expr.type === 'column_ref' && c.expr.column === '*') && c.as === null) c.as = `col_alias_${++n}`;
    }
    return n;
  },
};

/** The rewrite of `sql`, or null where it does not apply (or node-sql-parser cannot read the query). */
export function rewrite(sql: string, kind: RewriteKind): string | null {
  const ast = astify(sql);
  if (!ast) return null;
  if (kind !== 'reprint' && rewrites[kind](ast, sql) === 0) return null;
  return parser.sqlify(ast as never, opt);
}
