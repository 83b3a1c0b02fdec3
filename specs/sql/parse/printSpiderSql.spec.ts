import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import { spiderPaths } from '../../../src/data/spiderPaths.ts';
import { loadParserSchema } from '../../../src/sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../../../src/sql/parse/ParserSchema.ts';
import { parseSpiderSql } from '../../../src/sql/parse/parseSpiderSql.ts';
import { printSpiderSql } from '../../../src/sql/parse/printSpiderSql.ts';
import { spiderSqlArbitrary, usableTables } from './spiderSqlArbitrary.ts';
import { fcParams } from '../../support/fastCheck.ts';

const FC = fcParams(300);
const DBS = ['concert_singer', 'pets_1', 'car_1'];

describe('printSpiderSql / parseSpiderSql round trip', () => {
  let schemas: ParserSchema[] = [];
  beforeAll(() => {
    const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);
    schemas = DBS.map((db) => loadParserSchema(paths.database(db)));
  });

  it('parse(print(q)) is q for generated queries', () => {
    for (const schema of schemas) {
      fc.assert(
        fc.property(spiderSqlArbitrary(usableTables(schema)), (q) => {
          const text = printSpiderSql(q);
          const back = parseSpiderSql(text, schema);
          expect(back, text).toEqual({ ok: true, sql: q });
        }),
        FC,
      );
    }
  });

  it('aliases do not change the parse', () => {
    for (const schema of schemas) {
      fc.assert(
        fc.property(spiderSqlArbitrary(usableTables(schema)), fc.string({ unit: fc.constantFrom(...'xyzw'), minLength: 1, maxLength: 3 }), (q, tag) => {
          const text = printSpiderSql(q, { alias: (t) => `al_${tag}_${t}` });
          expect(parseSpiderSql(text, schema), text).toEqual({ ok: true, sql: q });
        }),
        FC,
      );
    }
  });
});
