import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { hardness } from '../../src/metrics/hardness.ts';
import { loadParserSchema } from '../../src/sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../../src/sql/parse/ParserSchema.ts';
import { parseSpiderSql } from '../../src/sql/parse/parseSpiderSql.ts';

// Levels worked out by hand from evaluation.py's eval_hardness (component1 / component2 /
// others); the official labels of all dev gold queries are checked in emConformance.spec.ts.
describe('hardness (official eval_hardness)', () => {
  let schema: ParserSchema;
  beforeAll(() => {
    schema = loadParserSchema(spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir).database('concert_singer'));
  });
  const level = (sql: string) => {
    const r = parseSpiderSql(sql, schema);
    if (!r.ok) throw new Error(r.error.message);
    return hardness(r.sql);
  };

  it.each([
    ['SELECT count(*) FROM singer', 'easy'], // nothing counted
    ['SELECT name, country, age FROM singer ORDER BY age DESC', 'medium'], // order; >1 select item
    ['SELECT name FROM singer WHERE age > 30 INTERSECT SELECT name FROM singer WHERE age < 40', 'hard'], // one nested
    ['SELECT name FROM singer WHERE age > (SELECT avg(age) FROM singer) ORDER BY age', 'extra'], // 2 components + nested
    [
      'SELECT T2.name FROM singer_in_concert AS T1 JOIN singer AS T2 ON T1.singer_id = T2.singer_id JOIN concert AS T3 ON T1.concert_id = T3.concert_id WHERE T3.year = 2014 ORDER BY T2.age LIMIT 1',
      'extra', // 2 joins + where + order + limit = 5 components
    ],
  ])('%s → %s', (sql, expected) => {
    expect(level(sql)).toBe(expected);
  });

  it('counts a WHERE condition\'s NOT as an aggregate (official bug)', () => {
    // aggregates = count(*) + the NOT flag = 2 > 1, so "others" = 1: medium, not easy.
    expect(level("SELECT count(*) FROM singer WHERE country NOT IN ('France')")).toBe('medium');
    expect(level("SELECT count(*) FROM singer WHERE country IN ('France')")).toBe('easy');
  });

  it('counts HAVING connectives, not HAVING aggregates (official bug)', () => {
    // HAVING [c1, 'and', c2]: only 'and' counts (1 aggregate), so "others" stays 0: easy.
    expect(level('SELECT country FROM singer GROUP BY country HAVING count(*) > 1 AND avg(age) > 30')).toBe('easy');
    expect(level('SELECT country FROM singer GROUP BY country HAVING count(*) > 1 OR avg(age) > 30 OR max(age) > 50')).toBe('hard');
  });
});
