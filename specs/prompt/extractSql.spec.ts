import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { extractSql } from '../../src/prompt/extractSql.ts';
import { fcParams } from '../support/fastCheck.ts';

const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA }).dir);
const gold = [paths.devGold, paths.trainGold]
  .filter((f) => fs.existsSync(f))
  .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
  .map((l) => l.split('\t')[0]?.trim() ?? '')
  .filter((s) => s !== '');

/** A query as a person would compare it: whitespace runs as one space, no final semicolon. */
const squash = (sql: string) => sql.trim().replace(/;\s*$/, '').replace(/\s+/g, ' ').trim();

// Synthetic queries: literals holding what trips extractors (semicolons, fences, markers,
// comment starts, blank lines, apostrophes), and queries broken over several lines.
const literalText = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ';', ':', '`', '-', '*', '/', "''", '"', '\n', 'Answer:', 'SQL:', '```', '\n\n', 'This is it.'), maxLength: 8 })
  .filter((s) => !/\n\s*(`{3}|~{3})/.test(s));
const synthetic = fc
  .record({
    columns: fc.constantFrom('name', 'count(*)', 'T1.name ,  T2.age', '*', '"Song Name"', '[Order]'),
    table: fc.constantFrom('singer', 'concert AS T1 JOIN stadium AS T2 ON T1.id = T2.id', '"my table"'),
    literal: literalText,
    lines: fc.boolean(),
    lower: fc.boolean(),
    cte: fc.boolean(),
  })
  .map(({ columns, table, literal, lines, lower, cte }) => {
    let sql = `SELECT ${columns} FROM ${table} WHERE note = '${literal.replaceAll("'", "''")}' ORDER BY 1`;
    if (cte) sql = `WITH x AS (SELECT 1 AS one) ${sql}`;
    if (lines) sql = sql.replace(/ (FROM|WHERE|ORDER BY) /g, '\n$1 ');
    return lower ? sql.replace(/\b(SELECT|FROM|WHERE|ORDER BY|WITH|AS)\b/g, (k) => k.toLowerCase()) : sql;
  });
const arbitrarySql = fc.oneof(fc.constantFrom(...gold), synthetic);

const prose = fc.constantFrom(
  'Here is the query',
  'This query counts the rows',
  "It's straightforward",
  'We select the names from the singer table',
  'Note that the table has no index',
  'The answer uses a join with the other table',
  'Explanation: it filters by age',
  'I hope this helps',
);
const otherSql = fc.constantFrom('SELECT 1 FROM other', 'DELETE FROM singer', 'SELECT name FROM singer WHERE age > 3');

type Shape = (sql: string, p: string, other: string) => string | null;
const shapes: Record<string, Shape> = {
  bare: (s) => s,
  'trailing semicolon': (s) => `${s};`,
  'padded with whitespace': (s) => `  \n${s}  \n`,
  'sql fence': (s) => '```sql\n' + s + '\n```',
  'SQL fence, then prose': (s, p) => '```SQL\n' + s + ';\n```\n\n' + `${p}.`,
  'prose, then plain fence': (s, p) => `${p}:\n\n` + '```\n' + s + '\n```',
  'unclosed fence (cut off)': (s) => '```sqlite\n' + s,
  'a non-SQL fence first': (s, p) => '```text\n' + p + '\n```\n' + '```sql\n' + s + '\n```',
  'Answer: marker': (s) => `Answer: ${s}`,
  'SQL: marker between prose': (s, p) => `${p}.\nSQL: ${s}\n\n${p}.`,
  'inline code': (s, p) => (/[`\n]/.test(s) ? null : `${p}: \`${s}\`.`),
  'prose after the semicolon': (s, p) => `${s};\n${p}.`,
  'prose after a blank line': (s, p) => `${s}\n\n${p}.`,
  'prose on the next line': (s, p) => `${s}\n${p}.`,
  'a short remark on the next line': (s) => `${s}\nThat's it.`,
  'finished reasoning first': (s, p) => `<think>\n${p}. SELECT x FROM y\n</think>\n\n${s}`,
  'several statements': (s, _p, o) => `${s};\n${o};`,
  'several statements in a fence': (s, _p, o) => '```sql\n' + s + ';\n' + o + ';\n```',
  'prose, then the query on its own line': (s, p) => (/^(SELECT|WITH)\b/.test(s) ? `${p}:\n${s}` : null),
};

describe('extractSql', () => {
  it('has real queries to work with', () => {
    expect(gold.length).toBeGreaterThan(8000);
  });

  test.prop([arbitrarySql], fcParams(300))('a bare query comes back as itself (whitespace and final semicolon aside)', (sql) => {
    const got = extractSql(sql);
    expect(got.sql).not.toBeNull();
    // Whitespace inside string literals is kept; compare with runs squashed on both sides.
    expect(squash(got.sql ?? '')).toBe(squash(sql));
    // One line, outside quoted text.
    expect((got.sql ?? '').replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, 'Q')).not.toMatch(/\s{2}|\n/);
  });

  test.prop([arbitrarySql, fc.constantFrom(...Object.keys(shapes)), prose, otherSql], fcParams(600))(
    'wrapping a query in any common response shape extracts the same query',
    (sql, shapeName, p, other) => {
      const response = shapes[shapeName]!(sql, p, other);
      if (response === null) return;
      expect(extractSql(response)).toEqual(extractSql(sql));
    },
  );

  // Prose as models write it: sentences begin with a capital; SQL words appear inside them.
  const word = fc.constantFrom('select', 'from', 'with', 'where', 'query', 'table', 'the', 'names', 'SQL', 'answer', 'count', 'join', "it's", 'all', 'rows');
  const sentence = fc
    .tuple(fc.constantFrom('Select', 'With', 'The', 'This', 'We', 'Answer', 'Query', 'Sql', 'Here', 'From'), fc.array(word, { minLength: 1, maxLength: 8 }), fc.constantFrom('.', ':', '?', '!', ''))
    .map(([first, rest, end]) => [first, ...rest].join(' ') + end);
  const proseOnly = fc.array(fc.tuple(sentence, fc.constantFrom(' ', '\n', '\n\n')), { minLength: 1, maxLength: 5 }).map((xs) => xs.map(([s, sep]) => s + sep).join(''));

  test.prop([proseOnly], fcParams(500))('never returns prose: sentences that merely mention SQL words give no query', (text) => {
    const got = extractSql(text);
    expect(got.sql).toBeNull();
    expect(got.sql === null && got.reason.length > 0).toBe(true);
  });

  test.prop([fc.string({ unit: fc.constantFrom('S', 'ELECT', 'select', ' ', '\n', '`', '```', 'sql', ';', "'", 'FROM', 'x', 'Answer:', '<think>', '</think>', '.'), maxLength: 30 })], fcParams(500))(
    'whatever it returns begins with SELECT or WITH, is trimmed, has no final semicolon, and is deterministic',
    (text) => {
      const got = extractSql(text);
      expect(extractSql(text)).toEqual(got);
      if (got.sql !== null) {
        expect(got.sql).toMatch(/^\(*\s*(select|with)\b/i);
        expect(got.sql).toBe(got.sql.trim());
        expect(got.sql).not.toMatch(/;$/);
      }
    },
  );

  it('handles the cases named in the issue', () => {
    expect(extractSql('```sql\nSELECT count(*) FROM singer;\n```')).toEqual({ sql: 'SELECT count(*) FROM singer' });
    expect(extractSql('Answer: SELECT name FROM singer')).toEqual({ sql: 'SELECT name FROM singer' });
    expect(extractSql('SELECT a FROM t; SELECT b FROM u;')).toEqual({ sql: 'SELECT a FROM t' });
    expect(extractSql('The query is SELECT name FROM singer.')).toEqual({ sql: 'SELECT name FROM singer' });
    expect(extractSql("SELECT name -- the name\nFROM singer /* all */ WHERE x = 'a;b'")).toEqual({ sql: "SELECT name FROM singer WHERE x = 'a;b'" });
  });

  it('gives reasons instead of guesses', () => {
    expect(extractSql('')).toEqual({ sql: null, reason: 'empty response' });
    expect(extractSql('<think>Let me SELECT the right FROM')).toMatchObject({ sql: null, reason: expect.stringContaining('<think>') });
    expect(extractSql('I cannot answer that without the schema.').sql).toBeNull();
    expect(extractSql('Select all the singers from the list.').sql).toBeNull();
    expect(extractSql('```python\nprint(1)\n```').sql).toBeNull();
  });
});
