import fs from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import { spiderPaths } from '../../../src/data/spiderPaths.ts';
import { loadParserSchema } from '../../../src/sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../../../src/sql/parse/ParserSchema.ts';
import { parseSpiderSql } from '../../../src/sql/parse/parseSpiderSql.ts';
import type { SpiderTablesEntry } from '../../../src/sql/parse/SpiderTables.ts';
import { tokenizeSpider } from '../../../src/sql/parse/tokenizeSpider.ts';
import { fcParams } from '../../support/fastCheck.ts';
import { readTablesJson } from '../../../src/schema/readTablesJson.ts';

const FC = fcParams(300);
const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);

interface Example {
  readonly db_id: string;
  readonly query: string;
  /** The official parse, with integer ids into tables.json (null where the official parser failed). */
  readonly sql: unknown;
}

/**
 * `dev.json` / `train_spider.json` carry the official parse with tables.json integer ids
 * (table index, column index, 0 for `*`). Map our `__t.c__` ids to those to compare.
 * Their LIMIT holds the number written (the original Spider parser); test-suite-sql-eval's
 * parser, the one the evaluator uses, always reads 1, so any LIMIT value compares as 1.
 */
function toIntegerIds(x: unknown, t: SpiderTablesEntry): unknown {
  if (typeof x === 'string' && /^__.+__$/.test(x)) {
    const inner = x.slice(2, -2);
    if (x === '__all__') return 0;
    const lower = t.table_names_original.map((n) => n.toLowerCase());
    if (!inner.includes('.')) return lower.indexOf(inner);
    const [table, col] = inner.split('.') as [string, string];
    const ti = lower.indexOf(table);
    return t.column_names_original.findIndex(([i, c]) => i === ti && c.toLowerCase() === col);
  }
  if (Array.isArray(x)) return x.map((y) => toIntegerIds(y, t));
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(
      Object.entries(x).map(([k, v]) => [k, k === 'limit' && typeof v === 'number' ? 1 : toIntegerIds(v, t)]),
    );
  }
  return x;
}

describe('parseSpiderSql against the official parses in the Spider release', () => {
  const schemas = new Map<string, ParserSchema>();
  let tables: Map<string, SpiderTablesEntry>;
  const schemaOf = (db: string) => {
    let s = schemas.get(db);
    if (!s) schemas.set(db, (s = loadParserSchema(paths.database(db))));
    return s;
  };
  beforeAll(() => {
    const entries = readTablesJson(paths.tables);
    tables = new Map(entries.map((e) => [e.db_id, e]));
  });

  function check(file: string): { same: number; failures: Array<{ ex: Example; code: string; message: string }>; differ: string[] } {
    const examples = JSON.parse(fs.readFileSync(file, 'utf8')) as Example[];
    let same = 0;
    const failures: Array<{ ex: Example; code: string; message: string }> = [];
    const differ: string[] = [];
    for (const ex of examples) {
      const r = parseSpiderSql(ex.query, schemaOf(ex.db_id));
      if (!r.ok) {
        failures.push({ ex, code: r.error.code, message: r.error.message });
        continue;
      }
      const mine = toIntegerIds(r.sql, tables.get(ex.db_id)!);
      const theirs = toIntegerIds(ex.sql, tables.get(ex.db_id)!);
      if (JSON.stringify(sortKeys(mine)) === JSON.stringify(sortKeys(theirs))) same++;
      else differ.push(ex.query);
    }
    return { same, failures, differ };
  }

  it('reproduces the official parse of all 1,034 dev gold queries', () => {
    const { same, failures, differ } = check(paths.dev);
    expect(failures).toEqual([]);
    expect(differ).toEqual([]);
    expect(same).toBe(1034);
  });

  it('reproduces the official parse of the 7,000 train gold queries, and names the one it cannot read', () => {
    const { same, failures, differ } = check(paths.trainSpider);
    expect(differ).toEqual([]);
    expect(same).toBe(6999);
    // The gold itself names a table its database does not have (nor does tables.json);
    // the official parser raises on it too, and the release carries no parse for it.
    expect(failures.map((f) => [f.ex.db_id, f.code, f.ex.sql])).toEqual([['assets_maintenance', 'unknown-table', null]]);
    expect(failures[0]!.message).toContain('ref_company_types');
  });
});

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return x;
}

describe('what the official parser rejects, and what it reads oddly', () => {
  let schema: ParserSchema;
  beforeAll(() => {
    schema = loadParserSchema(paths.database('concert_singer'));
  });
  const fails = (sql: string) => {
    const r = parseSpiderSql(sql, schema);
    return r.ok ? 'parsed' : r.error.code;
  };

  // Each case follows from process_sql.py as written (tokeniser + grammar), not from our output.
  it.each([
    ['SELECT T1.* FROM singer AS T1', 'unknown-column'], // `t1.` + `*`: no column "t1."
    ['SELECT name FROM singer WHERE age=20', 'unknown-column'], // NLTK keeps `age=20` one token
    ['SELECT name FROM singer WHERE age IS NOT NULL', 'unknown-column'], // `not null` read as a column
    ['SELECT name FROM singer s', 'unknown-table'], // alias without AS
    ['SELECT T1.name FROM singer AS T1 LEFT JOIN concert AS T2 ON T1.singer_id = T2.concert_id', 'unknown-table'],
    ['SELECT name AS singer FROM singer', 'alias-shadows-table'],
    ["SELECT name FROM singer WHERE name = 'O'Brien'", 'odd-quotes'],
    ['SELECT count(*) AS c FROM singer ORDER BY c', 'unknown-column'],
    ['SELECT name FROM singer, concert', 'unknown-table'],
    ['SELECT name FROM singer LIMIT', 'unexpected-end'],
    ['SELECT name', 'unexpected-end'],
    ['', 'unexpected-end'],
  ])('%s → %s', (sql, code) => {
    expect(fails(sql)).toBe(code);
  });

  it('reads LIMIT as 1 and ignores what follows a complete query', () => {
    const a = parseSpiderSql('SELECT name FROM singer ORDER BY age LIMIT 5 OFFSET 2; DROP TABLE singer', schema);
    const b = parseSpiderSql('SELECT name FROM singer ORDER BY age LIMIT 1', schema);
    expect(a.ok && b.ok).toBe(true);
    expect(a).toEqual(b);
    expect(a.ok && a.sql.limit).toBe(1);
  });

  it('keeps string values with their case and double quotes, and numbers as floats', () => {
    const r = parseSpiderSql("SELECT name FROM singer WHERE country = 'France' AND age > 2.5e1", schema);
    expect(r.ok && r.sql.where.map((u) => (typeof u === 'string' ? u : u[3]))).toEqual(['"France"', 'and', 25]);
  });

  it('accepts two conditions with no connective, as the official loop does', () => {
    const r = parseSpiderSql('SELECT name FROM singer WHERE age > 1 age < 5', schema);
    expect(r.ok && r.sql.where.length).toBe(2);
  });

  it('tokenises like process_sql.tokenize', () => {
    expect(tokenizeSpider("SELECT count(*) FROM singer WHERE name != 'Joe Sharp' AND age >= 3")).toEqual({
      ok: true,
      tokens: ['select', 'count', '(', '*', ')', 'from', 'singer', 'where', 'name', '!=', '"Joe Sharp"', 'and', 'age', '>=', '3'],
    });
  });

  it('never throws, whatever the text', () => {
    const words = fc.constantFrom(
      ...'select from where group by order having limit intersect union except join on as and or not in like between is exists count ( ) , ; * = > < ! . singer name age T1 T1.name "x" \' 1 2.5 distinct asc desc'.split(' '),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(words, { maxLength: 30 }).map((w) => w.join(' '))), (text) => {
        const r = parseSpiderSql(text, schema);
        expect(typeof r.ok).toBe('boolean');
      }),
      FC,
    );
  });
});
