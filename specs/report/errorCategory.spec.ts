// Error categories on real parses: concert_singer's schema read from its SQLite file, the
// official parser, and each category's rule (first that applies).
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import type { ExecReason } from '../../src/metrics/ExecVerdict.ts';
import { loadParserSchema } from '../../src/sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../../src/sql/parse/ParserSchema.ts';
import { parseSpiderSql } from '../../src/sql/parse/parseSpiderSql.ts';
import { categorizeExample, sqlParts } from '../../src/report/errorCategory.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);
const db = paths.database('concert_singer');
let schema: ParserSchema;

const GOLD_JOIN = 'SELECT T2.Name FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID WHERE T1.Year = 2014';

function category(pred: string, gold: string, reason: ExecReason = 'mismatch') {
  const g = parseSpiderSql(gold, schema);
  if (!g.ok) throw new Error(`gold does not parse: ${g.error.message}`);
  return categorizeExample(reason, pred, g.sql, schema);
}

describe('errorCategory', () => {
  requireData([db, paths.tables], fetchData.spider);
  beforeAll(() => {
    schema = loadParserSchema(db);
  });

  it('a correct example has no category', () => {
    expect(category('SELECT count(*) FROM singer', 'SELECT count(*) FROM singer', 'match')).toBeNull();
  });
  it('timeout comes first, whatever the SQL', () => {
    expect(category('SELECT * FROM singer, singer, singer', 'SELECT count(*) FROM singer', 'timeout')).toBe('timeout');
  });
  it('syntax error: empty, or failed to run and rejected by the grammar', () => {
    expect(category('', 'SELECT count(*) FROM singer', 'pred_error')).toBe('syntax error');
    expect(category('SELECT count(* FROM singer', 'SELECT count(*) FROM singer', 'pred_error')).toBe('syntax error');
    expect(category("SELECT name FROM singer WHERE country = 'France", 'SELECT count(*) FROM singer', 'pred_error')).toBe('syntax error');
  });
  it('missing join: a strict subset of the gold tables', () => {
    expect(category('SELECT Name FROM stadium', GOLD_JOIN)).toBe('missing join');
  });
  it('wrong table: another table, or one the schema lacks', () => {
    expect(category('SELECT Name FROM singer', 'SELECT Name FROM stadium')).toBe('wrong table');
    expect(category('SELECT Name FROM singers', 'SELECT Name FROM singer', 'pred_error')).toBe('wrong table');
    // a superset is not a missing join
    expect(category('SELECT T2.Name FROM concert AS T1 JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID JOIN singer_in_concert AS T3 ON T1.concert_ID = T3.concert_ID', GOLD_JOIN)).toBe('wrong table');
  });
  it('wrong column: another column, or one no table in scope has', () => {
    expect(category('SELECT Country FROM singer', 'SELECT Name FROM singer')).toBe('wrong column');
    expect(category('SELECT Nationality FROM singer', 'SELECT Name FROM singer', 'pred_error')).toBe('wrong column');
  });
  it('wrong aggregate: same tables and columns, other aggregates', () => {
    expect(category('SELECT max(Age) FROM singer', 'SELECT avg(Age) FROM singer')).toBe('wrong aggregate');
    expect(category('SELECT Age FROM singer', 'SELECT avg(Age) FROM singer')).toBe('wrong aggregate');
  });
  it('reads INNER and LEFT JOIN as JOIN, and blames an unresolved name only when SQLite refused the query too', () => {
    expect(category('SELECT T1.Theme FROM concert AS T1 INNER JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID WHERE T1.Year = 2014', GOLD_JOIN)).toBe('wrong column');
    expect(category('SELECT T2.Name FROM concert AS T1 LEFT OUTER JOIN stadium AS T2 ON T1.Stadium_ID = T2.Stadium_ID WHERE T1.Year = 2015', GOLD_JOIN)).toBe('other');
    // the parser cannot resolve a CTE's name, but SQLite ran the query: not a wrong table
    expect(category('WITH s AS (SELECT Name FROM singer) SELECT Name FROM s', 'SELECT Name FROM singer')).toBe('other');
  });
  it('other: right structure, wrong values or order', () => {
    expect(category("SELECT Name FROM singer WHERE Country = 'France'", "SELECT Name FROM singer WHERE Country = 'Netherlands'")).toBe('other');
    expect(category('SELECT Name FROM singer ORDER BY Age DESC', 'SELECT Name FROM singer ORDER BY Age ASC')).toBe('other');
  });
  it('sqlParts walks nested queries and set operations', () => {
    const g = parseSpiderSql('SELECT Name FROM singer WHERE Singer_ID NOT IN (SELECT Singer_ID FROM singer_in_concert) UNION SELECT Name FROM stadium', schema);
    expect(g.ok).toBe(true);
    if (!g.ok) return;
    const parts = sqlParts(g.sql);
    expect([...parts.tables].sort()).toEqual(['__singer__', '__singer_in_concert__', '__stadium__']);
    expect(parts.columns.has('__singer_in_concert.singer_id__')).toBe(true);
  });
});
