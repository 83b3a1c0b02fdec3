import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { exactMatch } from '../../src/metrics/exactMatch.ts';
import { foreignKeyMaps, type Kmap } from '../../src/sql/parse/foreignKeyMaps.ts';
import { loadParserSchema } from '../../src/sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../../src/sql/parse/ParserSchema.ts';
import { parseSpiderSql } from '../../src/sql/parse/parseSpiderSql.ts';
import { printSpiderSql } from '../../src/sql/parse/printSpiderSql.ts';
import type { CondUnit, Connective, SpiderSql } from '../../src/sql/parse/SpiderSql.ts';
import { readTablesJson } from '../../src/schema/readTablesJson.ts';
import { spiderSqlArbitrary, usableTables } from '../sql/parse/spiderSqlArbitrary.ts';
import { fcParams } from '../support/fastCheck.ts';

const FC = fcParams(200);
const DBS = ['concert_singer', 'pets_1', 'car_1'];

interface Db {
  readonly schema: ParserSchema;
  readonly kmap: Kmap;
  readonly queries: fc.Arbitrary<SpiderSql>;
}

function reparse(text: string, schema: ParserSchema): SpiderSql {
  const r = parseSpiderSql(text, schema);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.sql;
}

describe('exact match properties on generated queries', () => {
  let dbs: Db[] = [];
  beforeAll(() => {
    const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);
    const kmaps = foreignKeyMaps(readTablesJson(paths.tables));
    dbs = DBS.map((db) => {
      const schema = loadParserSchema(paths.database(db));
      return { schema, kmap: kmaps.get(db)!, queries: spiderSqlArbitrary(usableTables(schema)) };
    });
  });

  it('EM(q, q) = 1', () => {
    for (const { queries, kmap } of dbs) {
      fc.assert(fc.property(queries, (q) => exactMatch(q, q, kmap)), FC);
    }
  });

  it('is invariant under renaming aliases', () => {
    for (const { queries, kmap, schema } of dbs) {
      fc.assert(
        fc.property(queries, fc.constantFrom('a', 'b', 'zz'), fc.constantFrom('t', 'q9', 'x_'), (q, p1, p2) => {
          const a = reparse(printSpiderSql(q, { alias: (t) => `${p1}_${t}` }), schema);
          const b = reparse(printSpiderSql(q, { alias: (t) => `${p2}${t}_al` }), schema);
          return exactMatch(a, b, kmap) && exactMatch(b, a, kmap);
        }),
        FC,
      );
    }
  });

  it('is invariant under reordering AND-ed WHERE conditions', () => {
    for (const { queries, kmap, schema } of dbs) {
      const onlyAnd = queries.filter((q) => q.where.every((x, i) => i % 2 === 0 || x === 'and'));
      fc.assert(
        fc.property(onlyAnd, fc.func(fc.integer()), (q, key) => {
          const units = q.where.filter((x): x is CondUnit => typeof x !== 'string');
          const shuffled = [...units].sort((a, b) => key(JSON.stringify(a)) - key(JSON.stringify(b)));
          const where = shuffled.flatMap((u, i): Array<CondUnit | Connective> => (i === 0 ? [u] : ['and', u]));
          const pred = reparse(printSpiderSql({ ...q, where }), schema);
          return exactMatch(q, pred, kmap);
        }),
        FC,
      );
    }
  });

  it('is invariant under reordering select items', () => {
    for (const { queries, kmap, schema } of dbs) {
      fc.assert(
        fc.property(queries, fc.func(fc.integer()), (q, key) => {
          const items = [...q.select[1]].sort((a, b) => key(JSON.stringify(a)) - key(JSON.stringify(b)));
          const pred = reparse(printSpiderSql({ ...q, select: [q.select[0], items] }), schema);
          return exactMatch(q, pred, kmap);
        }),
        FC,
      );
    }
  });

  it('tells apart queries that differ in a select column', () => {
    for (const { queries, kmap } of dbs) {
      fc.assert(
        fc.property(queries, (q) => {
          const [agg, [op, c1, c2]] = q.select[1][0]!;
          const other = c1[1] === '__all__' ? '__none__.x' : '__all__';
          const changed: SpiderSql = { ...q, select: [q.select[0], [[agg, [op, [c1[0], other, c1[2]], c2]], ...q.select[1].slice(1)]] };
          return !exactMatch(q, changed, kmap);
        }),
        FC,
      );
    }
  });
});
