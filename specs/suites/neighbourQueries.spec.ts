import { describe, expect, it } from 'vitest';
import { loadParserSchema } from '../../src/sql/parse/loadParserSchema.ts';
import { parseSpiderSql } from '../../src/sql/parse/parseSpiderSql.ts';
import { printSpiderSql } from '../../src/sql/parse/printSpiderSql.ts';
import { neighbourQueries, withLimitValues, type NeighbourKind } from '../../src/suites/neighbourQueries.ts';
import { requireData } from '../support/requireData.ts';
import { devGolds, fetchSpider, paths, requiredFiles, schemaOf } from './support/suiteData.ts';

const KINDS: NeighbourKind[] = ['comparison', 'aggregate', 'distinct', 'drop-predicate', 'swap-predicate', 'connective', 'column', 'limit', 'order-direction', 'order-key', 'group-by', 'join-condition'];

function parse(dbId: string, sql: string) {
  const r = parseSpiderSql(sql, loadParserSchema(paths.database(dbId)));
  if (!r.ok) throw new Error(`no parse: ${sql}`);
  return withLimitValues(r.sql, sql);
}

describe('neighbour queries of real dev golds', () => {
  requireData(requiredFiles, fetchSpider);

  it('every neighbour is read back by the official parser, differs from the gold, and every kind occurs', () => {
    const seen = new Set<NeighbourKind>();
    let count = 0;
    // Every 9th dev gold: about 115 queries over all 20 dev databases.
    for (const [i, g] of devGolds().entries()) {
      if (i % 9 !== 0) continue;
      const schema = loadParserSchema(paths.database(g.dbId));
      const parsed = parseSpiderSql(g.sql, schema);
      if (!parsed.ok) continue;
      const gold = withLimitValues(parsed.sql, g.sql);
      const own = printSpiderSql(gold);
      const neighbours = neighbourQueries(gold, schemaOf(g.dbId));
      expect(new Set(neighbours.map((n) => n.sql)).size, g.sql).toBe(neighbours.length);
      for (const n of neighbours) {
        expect(n.sql).not.toBe(own);
        const back = parseSpiderSql(n.sql, schema);
        expect(back.ok, `${g.sql}\n→ ${n.kind}: ${n.sql}`).toBe(true);
        seen.add(n.kind);
        count++;
      }
    }
    expect([...seen].sort()).toEqual([...KINDS].sort());
    expect(count).toBeGreaterThan(1000);
  });

  it('edits one thing: comparison operators, AND↔OR, dropped predicates, LIMIT values', () => {
    const gold = parse('concert_singer', "SELECT name FROM singer WHERE age > 20 AND country = 'France' ORDER BY age DESC LIMIT 3");
    const sqls = neighbourQueries(gold, schemaOf('concert_singer')).map((n) => `${n.kind}: ${n.sql}`);
    expect(sqls).toContain(`comparison: select singer.name from singer where singer.age >= 20 and singer.country = "France" order by singer.age desc limit 3`);
    expect(sqls).toContain(`connective: select singer.name from singer where singer.age > 20 or singer.country = "France" order by singer.age desc limit 3`);
    expect(sqls).toContain(`drop-predicate: select singer.name from singer where singer.country = "France" order by singer.age desc limit 3`);
    expect(sqls).toContain(`limit: select singer.name from singer where singer.age > 20 and singer.country = "France" order by singer.age desc limit 4`);
    expect(sqls).toContain(`limit: select singer.name from singer where singer.age > 20 and singer.country = "France" order by singer.age desc`);
    expect(sqls).toContain(`order-direction: select singer.name from singer where singer.age > 20 and singer.country = "France" order by singer.age asc limit 3`);
    expect(sqls).toContain(`swap-predicate: select singer.name from singer where singer.age > "France" and singer.country = 20 order by singer.age desc limit 3`);
  });

  it('aggregates, DISTINCT, GROUP BY and join conditions', () => {
    const gold = parse('concert_singer', 'SELECT T2.name, count(DISTINCT T1.year) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id GROUP BY T1.stadium_id');
    const byKind = (k: NeighbourKind) => neighbourQueries(gold, schemaOf('concert_singer')).filter((n) => n.kind === k).map((n) => n.sql);
    expect(byKind('aggregate')).toContain('select stadium.name, max(distinct concert.year) from concert join stadium on concert.stadium_id = stadium.stadium_id group by concert.stadium_id');
    expect(byKind('distinct')).toContain('select stadium.name, count(concert.year) from concert join stadium on concert.stadium_id = stadium.stadium_id group by concert.stadium_id');
    expect(byKind('group-by')).toContain('select stadium.name, count(distinct concert.year) from concert join stadium on concert.stadium_id = stadium.stadium_id group by concert.concert_id');
    expect(byKind('join-condition')).toContain('select stadium.name, count(distinct concert.year) from concert join stadium group by concert.stadium_id');
  });

  it('keeps the parse when the text has LIMITs it cannot match one to one', () => {
    const parsed = parseSpiderSql('SELECT name FROM singer ORDER BY age LIMIT 5', loadParserSchema(paths.database('concert_singer')));
    if (!parsed.ok) throw new Error('no parse');
    expect(withLimitValues(parsed.sql, 'SELECT name FROM singer ORDER BY age LIMIT 5').limit).toBe(5);
    expect(withLimitValues(parsed.sql, 'SELECT name FROM singer LIMIT 2 ORDER BY age LIMIT 5').limit).toBe(1);
  });
});
