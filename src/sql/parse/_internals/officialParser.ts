import type { ParserSchema } from '../ParserSchema.ts';
import {
  AGG_OPS,
  SQL_OPS,
  UNIT_OPS,
  WHERE_OPS,
  type ColUnit,
  type CondUnit,
  type CondValue,
  type Connective,
  type OrderDirection,
  type SelectItem,
  type SpiderSql,
  type SqlOp,
  type TableUnit,
  type ValUnit,
} from '../SpiderSql.ts';
import { ParseFailure } from './ParseFailure.ts';
import { parsePythonFloat } from './parsePythonFloat.ts';

/**
 * A recursive-descent parser that walks the token list exactly as the official
 * `process_sql.py` does, so it accepts what that accepts, rejects what it rejects, and builds
 * the same structure. Its quirks are the point: a FROM is searched for before SELECT is read,
 * ON conditions see only the tables joined so far, a value that is not a number or a string
 * is read as one column from a slice of the tokens, LIMIT always reads 1, and text after a
 * complete query is ignored. Where the official code raises, we throw `ParseFailure`.
 */

const CLAUSE_KEYWORDS = new Set(['select', 'from', 'where', 'group', 'order', 'limit', 'intersect', 'union', 'except']);
const JOIN_KEYWORDS = new Set(['join', 'on', 'as']);
const ORDER_OPS = new Set(['desc', 'asc']);
const COND_OPS = new Set(['and', 'or']);
const END_OF_CLAUSE = new Set([')', ';']);

const aggIndex = (t: string): number => (AGG_OPS as readonly string[]).indexOf(t);
const unitIndex = (t: string): number => (UNIT_OPS as readonly string[]).indexOf(t);
const whereIndex = (t: string): number => (WHERE_OPS as readonly string[]).indexOf(t);
const BETWEEN = whereIndex('between');

interface Scope {
  readonly schema: ParserSchema;
  /** `tables_with_alias`: alias or table name → table name (or whatever `AS` named). */
  readonly aliases: ReadonlyMap<string, string>;
}

type Toks = readonly string[];

function at(toks: Toks, i: number): string {
  const t = toks[i];
  if (t === undefined) throw new ParseFailure('unexpected-end', 'the query ended where more was expected', i);
  return t;
}

function expect(toks: Toks, i: number, want: string): void {
  const t = at(toks, i);
  if (t !== want) throw new ParseFailure('unexpected-token', `expected '${want}' but found '${t}'`, i);
}

/** The official `isBlock`: an optional '(' at `i`; where parsing goes on, and whether it was there. */
function openBlock(toks: Toks, i: number): [number, boolean] {
  return at(toks, i) === '(' ? [i + 1, true] : [i, false];
}

/** The ')' that closes a block `openBlock` found (nothing to do when there was none). */
function closeBlock(toks: Toks, i: number, isBlock: boolean): number {
  if (!isBlock) return i;
  expect(toks, i, ')');
  return i + 1;
}

/** `scan_alias` + `get_tables_with_alias`. */
export function tablesWithAlias(schema: ParserSchema, toks: Toks): Map<string, string> {
  const aliases = new Map<string, string>();
  toks.forEach((t, i) => {
    if (t !== 'as') return;
    // Python's toks[i - 1] is the last token when i is 0.
    aliases.set(at(toks, i + 1), toks.at(i - 1)!);
  });
  for (const table of schema.tables.keys()) {
    if (aliases.has(table)) throw new ParseFailure('alias-shadows-table', `alias '${table}' has the same name as a table`, null);
    aliases.set(table, table);
  }
  return aliases;
}

function resolveAlias(scope: Scope, name: string, i: number): string {
  const table = scope.aliases.get(name);
  if (table === undefined) throw new ParseFailure('unknown-table', `'${name}' is neither a table nor an alias`, i);
  return table;
}

function lookupId(scope: Scope, key: string, i: number): string {
  const id = scope.schema.idMap.get(key);
  if (id === undefined) throw new ParseFailure('unknown-column', `'${key}' is not in the schema`, i);
  return id;
}

function parseCol(toks: Toks, start: number, scope: Scope, defaultTables: readonly string[] | null): [number, string] {
  const tok = at(toks, start);
  if (tok === '*') return [start + 1, lookupId(scope, '*', start)];
  if (tok.includes('.')) {
    const parts = tok.split('.');
    if (parts.length !== 2) throw new ParseFailure('unknown-column', `'${tok}' is not alias.column`, start);
    const table = resolveAlias(scope, parts[0]!, start);
    return [start + 1, lookupId(scope, `${table}.${parts[1]!}`, start)];
  }
  if (!defaultTables || defaultTables.length === 0) {
    throw new ParseFailure('unknown-column', `column '${tok}' with no table in scope`, start);
  }
  for (const alias of defaultTables) {
    const table = resolveAlias(scope, alias, start);
    const columns = scope.schema.tables.get(table);
    if (!columns) throw new ParseFailure('unknown-table', `'${table}' is not a table`, start);
    if (columns.includes(tok)) return [start + 1, lookupId(scope, `${table}.${tok}`, start)];
  }
  throw new ParseFailure('unknown-column', `column '${tok}' is in no table of the FROM clause`, start);
}

function parseColUnit(toks: Toks, start: number, scope: Scope, defaultTables: readonly string[] | null): [number, ColUnit] {
  let [idx, isBlock] = openBlock(toks, start);
  let isDistinct = false;
  const agg = aggIndex(at(toks, idx));
  if (agg >= 0) {
    idx++;
    if (toks[idx] !== '(') throw new ParseFailure('unexpected-token', `expected '(' after ${AGG_OPS[agg]}`, idx);
    idx++;
    if (at(toks, idx) === 'distinct') {
      idx++;
      isDistinct = true;
    }
    let colId: string;
    [idx, colId] = parseCol(toks, idx, scope, defaultTables);
    if (toks[idx] !== ')') throw new ParseFailure('unexpected-token', `expected ')' after ${AGG_OPS[agg]}(...`, idx);
    idx++;
    // As officially: an opening '(' before the aggregate is left unclosed here.
    return [idx, [agg, colId, isDistinct]];
  }
  if (at(toks, idx) === 'distinct') {
    idx++;
    isDistinct = true;
  }
  let colId: string;
  [idx, colId] = parseCol(toks, idx, scope, defaultTables);
  idx = closeBlock(toks, idx, isBlock);
  return [idx, [0, colId, isDistinct]];
}

function parseValUnit(toks: Toks, start: number, scope: Scope, defaultTables: readonly string[] | null): [number, ValUnit] {
  let [idx, isBlock] = openBlock(toks, start);
  let col1: ColUnit;
  let col2: ColUnit | null = null;
  let unitOp = 0;
  [idx, col1] = parseColUnit(toks, idx, scope, defaultTables);
  if (idx < toks.length && unitIndex(toks[idx]!) >= 0) {
    unitOp = unitIndex(toks[idx]!);
    idx++;
    [idx, col2] = parseColUnit(toks, idx, scope, defaultTables);
  }
  idx = closeBlock(toks, idx, isBlock);
  return [idx, [unitOp, col1, col2]];
}

function parseTableUnit(toks: Toks, start: number, scope: Scope): [number, string, string] {
  const key = resolveAlias(scope, at(toks, start), start);
  const next = start + 1 < toks.length && toks[start + 1] === 'as' ? start + 3 : start + 1;
  const id = scope.schema.idMap.get(key);
  if (id === undefined) throw new ParseFailure('unknown-table', `'${key}' is not a table`, start);
  return [next, id, key];
}

function parseValue(toks: Toks, start: number, scope: Scope, defaultTables: readonly string[] | null): [number, CondValue] {
  let [idx, isBlock] = openBlock(toks, start);
  let val: CondValue;
  const tok = at(toks, idx);
  if (tok === 'select') {
    [idx, val] = parseSql(toks, idx, scope);
  } else if (tok.includes('"')) {
    val = tok;
    idx++;
  } else {
    const num = parsePythonFloat(tok);
    if (num !== null) {
      val = num;
      idx++;
    } else {
      let end = idx;
      while (end < toks.length) {
        const t = toks[end]!;
        if (t === ',' || t === ')' || t === 'and' || CLAUSE_KEYWORDS.has(t) || JOIN_KEYWORDS.has(t)) break;
        end++;
      }
      // As officially: one column read from the tokens from `start` (a '(' included).
      [, val] = parseColUnit(toks.slice(start, end), 0, scope, defaultTables);
      idx = end;
    }
  }
  idx = closeBlock(toks, idx, isBlock);
  return [idx, val];
}

function parseCondition(toks: Toks, start: number, scope: Scope, defaultTables: readonly string[] | null): [number, Array<CondUnit | Connective>] {
  let idx = start;
  const conds: Array<CondUnit | Connective> = [];
  while (idx < toks.length) {
    let valUnit: ValUnit;
    [idx, valUnit] = parseValUnit(toks, idx, scope, defaultTables);
    let not = false;
    if (at(toks, idx) === 'not') {
      not = true;
      idx++;
    }
    const op = idx < toks.length ? whereIndex(toks[idx]!) : -1;
    if (op < 0) throw new ParseFailure(idx < toks.length ? 'unexpected-token' : 'unexpected-end', `expected a comparison operator, found '${toks[idx] ?? 'end of query'}'`, idx);
    idx++;
    let val1: CondValue;
    let val2: CondValue = null;
    if (op === BETWEEN) {
      [idx, val1] = parseValue(toks, idx, scope, defaultTables);
      expect(toks, idx, 'and');
      idx++;
      [idx, val2] = parseValue(toks, idx, scope, defaultTables);
    } else {
      [idx, val1] = parseValue(toks, idx, scope, defaultTables);
    }
    conds.push([not, op, valUnit, val1, val2]);
    if (idx < toks.length) {
      const t = toks[idx]!;
      if (CLAUSE_KEYWORDS.has(t) || END_OF_CLAUSE.has(t) || JOIN_KEYWORDS.has(t)) break;
      if (COND_OPS.has(t)) {
        conds.push(t as Connective);
        idx++;
      }
    }
  }
  return [idx, conds];
}

function parseSelect(toks: Toks, start: number, scope: Scope, defaultTables: readonly string[]): [number, readonly [boolean, SelectItem[]]] {
  let idx = start;
  expect(toks, idx, 'select');
  idx++;
  let isDistinct = false;
  if (idx < toks.length && toks[idx] === 'distinct') {
    idx++;
    isDistinct = true;
  }
  const items: SelectItem[] = [];
  while (idx < toks.length && !CLAUSE_KEYWORDS.has(toks[idx]!)) {
    const agg = Math.max(0, aggIndex(toks[idx]!));
    if (aggIndex(toks[idx]!) >= 0) idx++;
    let valUnit: ValUnit;
    [idx, valUnit] = parseValUnit(toks, idx, scope, defaultTables);
    items.push([agg, valUnit]);
    if (idx < toks.length && toks[idx] === ',') idx++;
  }
  return [idx, [isDistinct, items]];
}

function parseFrom(
  toks: Toks,
  start: number,
  scope: Scope,
): { end: number; tableUnits: TableUnit[]; conds: Array<CondUnit | Connective>; defaultTables: string[] } {
  const fromAt = toks.indexOf('from', start);
  if (fromAt < 0) throw new ParseFailure('unexpected-end', "'from' not found", start);
  let idx = fromAt + 1;
  const defaultTables: string[] = [];
  const tableUnits: TableUnit[] = [];
  const conds: Array<CondUnit | Connective> = [];
  while (idx < toks.length) {
    let isBlock: boolean;
    [idx, isBlock] = openBlock(toks, idx);
    if (at(toks, idx) === 'select') {
      let sub: SpiderSql;
      [idx, sub] = parseSql(toks, idx, scope);
      tableUnits.push(['sql', sub]);
    } else {
      if (idx < toks.length && toks[idx] === 'join') idx++;
      let id: string;
      let name: string;
      [idx, id, name] = parseTableUnit(toks, idx, scope);
      tableUnits.push(['table_unit', id]);
      defaultTables.push(name);
    }
    if (idx < toks.length && toks[idx] === 'on') {
      idx++;
      let these: Array<CondUnit | Connective>;
      [idx, these] = parseCondition(toks, idx, scope, defaultTables);
      if (conds.length > 0) conds.push('and');
      conds.push(...these);
    }
    idx = closeBlock(toks, idx, isBlock);
    if (idx < toks.length && (CLAUSE_KEYWORDS.has(toks[idx]!) || END_OF_CLAUSE.has(toks[idx]!))) break;
  }
  return { end: idx, tableUnits, conds, defaultTables };
}

function parseClauseCondition(keyword: string, toks: Toks, start: number, scope: Scope, defaultTables: readonly string[]): [number, Array<CondUnit | Connective>] {
  if (start >= toks.length || toks[start] !== keyword) return [start, []];
  return parseCondition(toks, start + 1, scope, defaultTables);
}

function parseGroupBy(toks: Toks, start: number, scope: Scope, defaultTables: readonly string[]): [number, ColUnit[]] {
  let idx = start;
  const units: ColUnit[] = [];
  if (idx >= toks.length || toks[idx] !== 'group') return [idx, units];
  idx++;
  expect(toks, idx, 'by');
  idx++;
  while (idx < toks.length && !(CLAUSE_KEYWORDS.has(toks[idx]!) || END_OF_CLAUSE.has(toks[idx]!))) {
    let unit: ColUnit;
    [idx, unit] = parseColUnit(toks, idx, scope, defaultTables);
    units.push(unit);
    if (idx < toks.length && toks[idx] === ',') idx++;
    else break;
  }
  return [idx, units];
}

function parseOrderBy(toks: Toks, start: number, scope: Scope, defaultTables: readonly string[]): [number, SpiderSql['orderBy']] {
  let idx = start;
  if (idx >= toks.length || toks[idx] !== 'order') return [idx, []];
  idx++;
  expect(toks, idx, 'by');
  idx++;
  let direction: OrderDirection = 'asc';
  const units: ValUnit[] = [];
  while (idx < toks.length && !(CLAUSE_KEYWORDS.has(toks[idx]!) || END_OF_CLAUSE.has(toks[idx]!))) {
    let unit: ValUnit;
    [idx, unit] = parseValUnit(toks, idx, scope, defaultTables);
    units.push(unit);
    if (idx < toks.length && ORDER_OPS.has(toks[idx]!)) {
      direction = toks[idx] as OrderDirection;
      idx++;
    }
    if (idx < toks.length && toks[idx] === ',') idx++;
    else break;
  }
  return [idx, [direction, units]];
}

function parseLimit(toks: Toks, start: number): [number, number | null] {
  if (start < toks.length && toks[start] === 'limit') {
    // The official code reads (and then ignores) the next token: it must exist.
    at(toks, start + 1);
    return [start + 2, 1];
  }
  return [start, null];
}

function skipSemicolons(toks: Toks, start: number): number {
  let idx = start;
  while (idx < toks.length && toks[idx] === ';') idx++;
  return idx;
}

export function parseSql(toks: Toks, start: number, scope: Scope): [number, SpiderSql] {
  let [idx, isBlock] = openBlock(toks, start);
  const from = parseFrom(toks, start, scope);
  const [, select] = parseSelect(toks, idx, scope, from.defaultTables);
  idx = from.end;
  let where: Array<CondUnit | Connective>;
  let groupBy: ColUnit[];
  let having: Array<CondUnit | Connective>;
  let orderBy: SpiderSql['orderBy'];
  let limit: number | null;
  [idx, where] = parseClauseCondition('where', toks, idx, scope, from.defaultTables);
  [idx, groupBy] = parseGroupBy(toks, idx, scope, from.defaultTables);
  [idx, having] = parseClauseCondition('having', toks, idx, scope, from.defaultTables);
  [idx, orderBy] = parseOrderBy(toks, idx, scope, from.defaultTables);
  [idx, limit] = parseLimit(toks, idx);
  idx = skipSemicolons(toks, idx);
  idx = closeBlock(toks, idx, isBlock);
  idx = skipSemicolons(toks, idx);

  const nested: Record<SqlOp, SpiderSql | null> = { intersect: null, union: null, except: null };
  if (idx < toks.length && (SQL_OPS as readonly string[]).includes(toks[idx]!)) {
    const op = toks[idx] as SqlOp;
    idx++;
    let sub: SpiderSql;
    [idx, sub] = parseSql(toks, idx, scope);
    nested[op] = sub;
  }
  return [
    idx,
    {
      select,
      from: { table_units: from.tableUnits, conds: from.conds },
      where,
      groupBy,
      having,
      orderBy,
      limit,
      intersect: nested.intersect,
      union: nested.union,
      except: nested.except,
    },
  ];
}

/** `get_sql`: tokens → aliases → the parse of the first query; trailing tokens are ignored. */
export function officialParse(toks: Toks, schema: ParserSchema): SpiderSql {
  const scope: Scope = { schema, aliases: tablesWithAlias(schema, toks) };
  return parseSql(toks, 0, scope)[1];
}
