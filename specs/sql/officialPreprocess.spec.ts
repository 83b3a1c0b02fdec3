import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  containsOrderBy,
  firstStatement,
  hasTopLevelOrderBy,
  joinSplitOperators,
  prepareForExecution,
  removeDistinct,
  replaceCurrentYear,
  replaceValuePlaceholder,
} from '../../src/sql/officialPreprocess.ts';
import { lexSql } from '../../src/core/sqlLexer.ts';
import { fcParams } from '../support/fastCheck.ts';

describe('official text rewrites before execution', () => {
  it('joins split comparison operators', () => {
    expect(joinSplitOperators('a > = 1 AND b < = 2 AND c ! = 3')).toBe('a >= 1 AND b <= 2 AND c != 3');
  });

  it('replaces YEAR(CURDATE()) with 2020, any case and spacing', () => {
    expect(replaceCurrentYear('SELECT year ( curdate ( ) ) - age FROM t')).toBe('SELECT 2020- age FROM t');
    expect(replaceCurrentYear('SELECT YEAR(CURDATE())')).toBe('SELECT 2020');
  });

  it('replaces every "value" with "1", case-sensitively, even inside names and strings', () => {
    expect(replaceValuePlaceholder("SELECT value FROM t WHERE x = 'value'")).toBe("SELECT 1 FROM t WHERE x = '1'");
    expect(replaceValuePlaceholder('SELECT Value, market_value FROM t')).toBe('SELECT Value, market_1 FROM t');
  });

  it('removes DISTINCT tokens in any case and keeps all other text', () => {
    expect(removeDistinct('SELECT DISTINCT name FROM t')).toBe('SELECT  name FROM t');
    expect(removeDistinct('SELECT count(distinct name) FROM t')).toBe('SELECT count( name) FROM t');
    expect(removeDistinct('SELECT count(DISTINCT(name)) FROM t')).toBe('SELECT count((name)) FROM t');
  });

  it('keeps "distinct" inside strings, quoted names and longer words', () => {
    const sql = `SELECT distinct_id, "distinct", 'distinct', \`distinct\` FROM t WHERE x = 'not distinct'`;
    expect(removeDistinct(sql)).toBe(sql);
  });

  it('reads backslashes in literals as sqlparse does (an escaped backslash does not escape the quote)', () => {
    expect(removeDistinct("SELECT a FROM t WHERE x = 'x\\\\' OR b = 'distinct'")).toBe("SELECT a FROM t WHERE x = 'x\\\\' OR b = 'distinct'");
    expect(removeDistinct("SELECT a FROM t WHERE x = 'it\\'s' AND distinct")).toBe("SELECT a FROM t WHERE x = 'it\\'s' AND ");
  });

  it('cuts to the first statement like sqlparse.parse(s)[0]', () => {
    expect(removeDistinct('SELECT a FROM t; DROP TABLE t')).toBe('SELECT a FROM t;');
    expect(firstStatement("SELECT ';' FROM t; SELECT 2")).toBe("SELECT ';' FROM t;");
    // A CASE ... END lowers sqlparse's split level, which must not hide the `;`.
    expect(firstStatement('SELECT CASE WHEN a THEN 1 END FROM t; SELECT 2')).toBe('SELECT CASE WHEN a THEN 1 END FROM t;');
    // An unbalanced parenthesis keeps the level above zero: nothing is cut.
    expect(firstStatement('SELECT (a FROM t; SELECT 2')).toBe('SELECT (a FROM t; SELECT 2');
  });

  it('decides row order the official way: "order by" anywhere in the gold text', () => {
    expect(containsOrderBy('SELECT a FROM t ORDER BY a')).toBe(true);
    expect(containsOrderBy('SELECT a FROM t WHERE b IN (SELECT b FROM u ORDER BY c LIMIT 1)')).toBe(true);
    expect(containsOrderBy("SELECT a FROM t WHERE note = 'in order by date'")).toBe(true);
    expect(containsOrderBy('SELECT a FROM t ORDER  BY a')).toBe(false);
  });

  it('in strict mode, only a top-level ORDER BY makes order matter', () => {
    expect(hasTopLevelOrderBy('SELECT a FROM t ORDER  BY a')).toBe(true);
    expect(hasTopLevelOrderBy('SELECT a FROM t WHERE b IN (SELECT b FROM u ORDER BY c LIMIT 1)')).toBe(false);
    expect(hasTopLevelOrderBy("SELECT a FROM t WHERE note = 'in order by date'")).toBe(false);
  });

  it('applies the rules in the official order, quirks only in official mode', () => {
    const gold = 'SELECT DISTINCT a FROM t WHERE b IN (SELECT b FROM u ORDER BY c LIMIT 1)';
    const pred = 'SELECT DISTINCT value FROM t WHERE x > = 1';
    const official = prepareForExecution(gold, pred);
    expect(official).toEqual({
      gold: 'SELECT  a FROM t WHERE b IN (SELECT b FROM u ORDER BY c LIMIT 1)',
      pred: 'SELECT  1 FROM t WHERE x >= 1',
      orderMatters: true,
    });
    const strict = prepareForExecution(gold, pred, { compat: 'strict' });
    expect(strict.pred).toBe('SELECT  value FROM t WHERE x >= 1');
    expect(strict.orderMatters).toBe(false);
    expect(prepareForExecution(gold, pred, { keepDistinct: true }).gold).toBe(gold);
  });
});

describe('lexer', () => {
  test.prop([fc.string({ maxLength: 60 })], fcParams(500))(
    'is lossless and never throws',
    (text) => {
      expect(lexSql(text).map((t) => t.text).join('')).toBe(text);
      expect(removeDistinct(text).length).toBeLessThanOrEqual(text.length);
    },
  );
});
