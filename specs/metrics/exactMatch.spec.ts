import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { exactMatch, exactMatchDetail, scoreExactMatch, type ExactMatchContext } from '../../src/metrics/exactMatch.ts';
import { partialScores, summarizeExactMatch, type ScoredExample } from '../../src/metrics/partialScores.ts';
import { foreignKeyMaps, type Kmap } from '../../src/sql/parse/foreignKeyMaps.ts';
import { loadParserSchema } from '../../src/sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../../src/sql/parse/ParserSchema.ts';
import { parseSpiderSql } from '../../src/sql/parse/parseSpiderSql.ts';
import type { SpiderSql } from '../../src/sql/parse/SpiderSql.ts';
import { readTablesJson } from '../../src/schema/readTablesJson.ts';

// Verdicts follow from the rules of evaluation.py (values and DISTINCT dropped, foreign keys
// unified, clause-wise set comparison); the official verdicts on real predictions are
// checked in emConformance.spec.ts.
const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);
let schema: ParserSchema;
let kmap: Kmap;
beforeAll(() => {
  schema = loadParserSchema(paths.database('concert_singer'));
  kmap = foreignKeyMaps(readTablesJson(paths.tables)).get('concert_singer')!;
});
const parse = (sql: string): SpiderSql => {
  const r = parseSpiderSql(sql, schema);
  if (!r.ok) throw new Error(`${sql}: ${r.error.message}`);
  return r.sql;
};
const em = (gold: string, pred: string) => exactMatch(parse(gold), parse(pred), kmap);

describe('exactMatch (official exact set match)', () => {
  it.each([
    ['values are not compared', 'SELECT name FROM singer WHERE age > 20', "SELECT name FROM singer WHERE age > 45"],
    ['string values neither', "SELECT name FROM singer WHERE country = 'France'", "SELECT name FROM singer WHERE country = 'Spain'"],
    ['DISTINCT is ignored', 'SELECT DISTINCT country FROM singer', 'SELECT country FROM singer'],
    ['even inside an aggregate', 'SELECT count(DISTINCT country) FROM singer', 'SELECT count(country) FROM singer'],
    ['select items are a set', 'SELECT name, age FROM singer', 'SELECT age, name FROM singer'],
    ['AND-ed conditions are a set', 'SELECT name FROM singer WHERE age > 1 AND country = "x"', 'SELECT name FROM singer WHERE country = "y" AND age > 2'],
    ['only the presence of LIMIT counts', 'SELECT name FROM singer ORDER BY age LIMIT 1', 'SELECT name FROM singer ORDER BY age LIMIT 3'],
    [
      'ON conditions are not compared',
      'SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id',
      'SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.age = T2.concert_id',
    ],
    ['tables are compared sorted', 'SELECT count(*) FROM singer JOIN concert', 'SELECT count(*) FROM concert JOIN singer'],
    ['aliases do not matter', 'SELECT T1.name FROM singer AS T1', 'SELECT singer.name FROM singer'],
    [
      'foreign-key columns are unified',
      'SELECT T2.singer_id FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id',
      'SELECT T1.singer_id FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id',
    ],
  ])('matches: %s', (_, gold, pred) => {
    expect(em(gold, pred)).toBe(true);
  });

  it.each([
    ['a different column', 'SELECT name FROM singer', 'SELECT country FROM singer'],
    ['a different aggregate', 'SELECT max(age) FROM singer', 'SELECT min(age) FROM singer'],
    ['a different operator', 'SELECT name FROM singer WHERE age > 20', 'SELECT name FROM singer WHERE age < 20'],
    ['AND vs OR', 'SELECT name FROM singer WHERE age > 1 AND age < 9', 'SELECT name FROM singer WHERE age > 1 OR age < 9'],
    ['a LIMIT missing', 'SELECT name FROM singer ORDER BY age LIMIT 1', 'SELECT name FROM singer ORDER BY age'],
    ['order direction', 'SELECT name FROM singer ORDER BY age', 'SELECT name FROM singer ORDER BY age DESC'],
    ['an extra table', 'SELECT count(*) FROM singer', 'SELECT count(*) FROM singer JOIN concert'],
    ['UNION vs INTERSECT', 'SELECT name FROM singer UNION SELECT name FROM stadium', 'SELECT name FROM singer INTERSECT SELECT name FROM stadium'],
    [
      'HAVING conditions in another order (compared as a list)',
      'SELECT country FROM singer GROUP BY country HAVING count(*) > 1 AND avg(age) > 2',
      'SELECT country FROM singer GROUP BY country HAVING avg(age) > 2 AND count(*) > 1',
    ],
    [
      'DISTINCT inside a nested condition query (not rewritten officially)',
      'SELECT name FROM singer WHERE singer_id IN (SELECT DISTINCT singer_id FROM singer_in_concert)',
      'SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer_in_concert)',
    ],
    [
      'foreign keys are not unified when the column\'s table is not in FROM',
      'SELECT singer_in_concert.singer_id FROM singer',
      'SELECT singer.singer_id FROM singer',
    ],
  ])('differs: %s', (_, gold, pred) => {
    expect(em(gold, pred)).toBe(false);
  });

  it('needs the foreign-key map to unify', () => {
    const gold = parse('SELECT T2.singer_id FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id');
    const pred = parse('SELECT T1.singer_id FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id');
    expect(exactMatch(gold, pred, new Map())).toBe(false);
  });

  it('scores an unparseable prediction as the empty query', () => {
    const gold = parse('SELECT name FROM singer');
    expect(exactMatch(gold, null, kmap)).toBe(false);
    const { partial } = exactMatchDetail(gold, null, kmap);
    expect(partial.select).toEqual({ acc: 0, rec: 0, f1: 0, labelTotal: 1, predTotal: 0 });
    // Neither side has these, so they "match" (0 of 0).
    expect(partial.IUEN.f1).toBe(1);
    expect(partial.keywords.f1).toBe(1);
  });

  it('reports the components that differ', () => {
    const p = partialScores(parse('SELECT name FROM singer WHERE age > 1 GROUP BY name'), parse('SELECT name FROM singer WHERE age < 1'), kmap);
    expect(p.select.f1).toBe(1);
    expect(p.where.f1).toBe(0);
    expect(p['where(no OP)'].f1).toBe(1);
    expect(p['group(no Having)']).toEqual({ acc: 0, rec: 0, f1: 0, labelTotal: 1, predTotal: 0 });
  });
});

describe('scoreExactMatch (one example through the official pipeline)', () => {
  let ctx: ExactMatchContext;
  beforeAll(() => {
    ctx = { schema: () => schema, kmap: () => kmap };
  });

  it('applies the official line rewrite to the prediction', () => {
    // The prediction line is stripped and cut at its tab; "value" → "1" keeps it parseable.
    const v = scoreExactMatch({ goldSql: 'SELECT name FROM singer WHERE age > 3', predSql: '  SELECT name FROM singer WHERE age > value\tconcert_singer\n', dbId: 'concert_singer' }, ctx);
    expect(v).toMatchObject({ kind: 'scored', em: 1, hardness: 'easy', predParse: 'ok' });
  });

  it('returns the parse error and the empty-query score for an unparseable prediction', () => {
    const v = scoreExactMatch({ goldSql: 'SELECT name FROM singer', predSql: 'SELECT name FROM singer s', dbId: 'concert_singer' }, ctx);
    expect(v.kind === 'scored' && v.em).toBe(0);
    expect(v.kind === 'scored' && v.predParse !== 'ok' && v.predParse.error.code).toBe('unknown-table');
  });

  it('says when the gold itself has no official parse', () => {
    const v = scoreExactMatch({ goldSql: 'SELECT nope FROM singer', predSql: 'SELECT name FROM singer', dbId: 'concert_singer' }, ctx);
    expect(v).toMatchObject({ kind: 'gold-unparseable', error: { code: 'unknown-column' } });
  });
});

describe('summarizeExactMatch (official report numbers)', () => {
  it('averages accuracy over predictions having a component and recall over golds having it', () => {
    const gold = parse('SELECT name FROM singer WHERE age > 1');
    const examples: ScoredExample[] = [
      { hardness: 'easy', ...exactMatchDetail(gold, parse('SELECT name FROM singer WHERE age > 5'), kmap) },
      { hardness: 'easy', ...exactMatchDetail(gold, parse('SELECT name FROM singer'), kmap) },
      { hardness: 'medium', ...exactMatchDetail(gold, null, kmap) },
    ];
    const s = summarizeExactMatch(examples);
    expect(s.easy.count).toBe(2);
    expect(s.easy.exact).toBe(0.5);
    expect(s.all.count).toBe(3);
    expect(s.all.exact).toBeCloseTo(1 / 3);
    // where: predicted in 1 example (right) → acc 1; gold has it in 3 → rec 1/3; f1 = 2·1·⅓/(1+⅓) = 0.5.
    expect(s.all.partial.where.acc).toBe(1);
    expect(s.all.partial.where.rec).toBeCloseTo(1 / 3);
    expect(s.all.partial.where.f1).toBeCloseTo(0.5);
    // No example has GROUP BY on either side: both means are 0 and the official F1 is 1.
    expect(s.all.partial.group).toEqual({ acc: 0, rec: 0, f1: 1 });
    // An empty level keeps zeros.
    expect(s.extra).toMatchObject({ count: 0, exact: 0 });
    expect(s.extra.partial.group.f1).toBe(0);
  });
});
