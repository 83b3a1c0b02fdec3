import { fc, test } from '@fast-check/vitest';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isTrivia, lexSql, sqlPieces, type SqlDialect } from '../../src/core/sqlLexer.ts';
import { fcParams } from '../support/fastCheck.ts';

const kinds = (text: string, dialect: SqlDialect) => lexSql(text, dialect).map((t) => [t.kind, t.text]);
const pieces = (text: string) => sqlPieces(text).map((p) => [p.kind, p.text]);

// Text made of what the two dialects read differently: quotes, escapes, brackets, comments.
const tricky = fc.string({ unit: fc.constantFrom("'", '"', '`', '[', ']', '\\', '-', '--', '/*', '*/', '/', '*', ';', ' ', '\n', '\r', 'a', 'distinct', '(', ')'), maxLength: 40 });

describe('lexSql', () => {
  test.prop([tricky, fc.constantFrom<SqlDialect>('sqlparse', 'sqlite')], fcParams(500))('is lossless in both dialects, and sqlPieces too', (text, dialect) => {
    expect(lexSql(text, dialect).map((t) => t.text).join('')).toBe(text);
    expect(sqlPieces(text).map((p) => p.text).join('')).toBe(text);
  });

  test.prop([fc.string({ unit: fc.constantFrom('a', 'b', ' ', '1', ',', '(', ')', '=', 'select', 'from', 'x.y', "'s t'", '"n m"', '-- c\n', '/* c */'), maxLength: 30 })], fcParams(300))(
    'reads plain SQL (balanced quotes, closed comments, no backslashes or brackets) the same in both dialects',
    (text) => {
      expect(kinds(text, 'sqlite')).toEqual(kinds(text, 'sqlparse'));
    },
  );

  it('ends a -- comment after its line break, in both dialects', () => {
    for (const dialect of ['sqlparse', 'sqlite'] as const) {
      expect(kinds('a -- x\r\nb', dialect)).toEqual([['word', 'a'], ['ws', ' '], ['comment', '-- x\r\n'], ['word', 'b']]);
      expect(kinds('a -- x\nb', dialect)).toEqual([['word', 'a'], ['ws', ' '], ['comment', '-- x\n'], ['word', 'b']]);
      expect(kinds('-- only', dialect)).toEqual([['comment', '-- only']]);
    }
  });

  describe('the differences, each on purpose', () => {
    it('a lone \\r ends a -- comment for sqlparse, not for SQLite (only \\n does)', () => {
      expect(kinds('a -- x\rb', 'sqlparse')).toEqual([['word', 'a'], ['ws', ' '], ['comment', '-- x\r'], ['word', 'b']]);
      expect(kinds('a -- x\rb', 'sqlite')).toEqual([['word', 'a'], ['ws', ' '], ['comment', '-- x\rb']]);
    });

    it('whitespace: SQLite knows five characters (no \\v, no no-break space); sqlparse any \\s', () => {
      expect(kinds('a\u00a0\vb', 'sqlparse')).toEqual([['word', 'a'], ['ws', '\u00a0\v'], ['word', 'b']]);
      expect(kinds('a\u00a0\vb', 'sqlite')).toEqual([['word', 'a'], ['punct', '\u00a0'], ['punct', '\v'], ['word', 'b']]);
      // SQLite's whitespace starts with one of its five characters and runs on over \v too.
      expect(kinds('a \vb', 'sqlite')).toEqual([['word', 'a'], ['ws', ' \v'], ['word', 'b']]);
      expect(kinds('a\vb', 'sqlite')).toEqual([['word', 'a'], ['punct', '\v'], ['word', 'b']]);
      expect(kinds('-- c\n\vb', 'sqlite')).toEqual([['comment', '-- c\n'], ['ws', '\v'], ['word', 'b']]);
      expect(kinds('/**/\vb', 'sqlite')).toEqual([['comment', '/**/'], ['punct', '\v'], ['word', 'b']]);
    });

    it('/* at the very end: no comment for SQLite (it reads / and *)', () => {
      expect(kinds('a /*', 'sqlite')).toEqual([['word', 'a'], ['ws', ' '], ['punct', '/'], ['punct', '*']]);
      expect(kinds('a /* ', 'sqlite')).toEqual([['word', 'a'], ['ws', ' '], ['comment', '/* ']]);
    });

    it('backslashes: sqlparse skips \\\' and \\\\ inside literals; SQLite has no backslash escapes', () => {
      const text = "'a\\'; b' ; c";
      expect(kinds(text, 'sqlparse')).toEqual([['string', "'a\\'; b'"], ['ws', ' '], ['punct', ';'], ['ws', ' '], ['word', 'c']]);
      expect(kinds(text, 'sqlite')).toEqual([['string', "'a\\'"], ['punct', ';'], ['ws', ' '], ['word', 'b'], ['string', "' ; c"]]);
    });

    it('an unterminated quote: sqlparse lexes on after a lone quote; SQLite reads it to the end', () => {
      expect(kinds("x = 'ab; c", 'sqlparse').slice(4)).toEqual([['other', "'"], ['word', 'ab'], ['punct', ';'], ['ws', ' '], ['word', 'c']]);
      expect(kinds("x = 'ab; c", 'sqlite').slice(4)).toEqual([['string', "'ab; c"]]);
    });

    it('an unterminated block comment: sqlparse reads / and *; SQLite a comment to the end', () => {
      expect(kinds('a /* b; c', 'sqlparse').slice(2, 5)).toEqual([['other', '/'], ['punct', '*'], ['ws', ' ']]);
      expect(kinds('a /* b; c', 'sqlite')).toEqual([['word', 'a'], ['ws', ' '], ['comment', '/* b; c']]);
    });

    it('brackets: sqlparse reads [x] as a name only when it is not empty and holds no [; SQLite always', () => {
      expect(kinds('[]', 'sqlparse')).toEqual([['punct', '['], ['punct', ']']]);
      expect(kinds('[]', 'sqlite')).toEqual([['quoted', '[]']]);
      expect(kinds('[a[b]', 'sqlparse')[0]).toEqual(['punct', '[']);
      expect(kinds('[a[b]', 'sqlite')).toEqual([['quoted', '[a[b]']]);
      expect(kinds('[a;b', 'sqlite')).toEqual([['quoted', '[a;b']]);
    });

    it('backticks: a doubled backtick is an escape for SQLite, two names for sqlparse', () => {
      expect(kinds('`a``b`', 'sqlparse')).toEqual([['quoted', '`a`'], ['quoted', '`b`']]);
      expect(kinds('`a``b`', 'sqlite')).toEqual([['quoted', '`a``b`']]);
    });
  });

  it('the sqlite dialect agrees with SQLite on where a statement ends (sqlite3_complete)', () => {
    // SQLite's own tokenizer, through better-sqlite3: a text is one complete statement when it
    // prepares; a `;` in code (not in a quote or comment) ends it, whatever follows.
    const db = new Database(':memory:');
    const cases = ["SELECT 'a\\'", "SELECT 'a;b'", 'SELECT "x;y" FROM (SELECT 1 AS "x;y")', 'SELECT 1 -- ;\n', 'SELECT 1 /* ; */', 'SELECT [a;b] FROM (SELECT 1 AS [a;b])', 'SELECT `a``b` FROM (SELECT 1 AS `a``b`)', 'SELECT 1 -- x\r; SELECT 2'];
    for (const sql of cases) {
      const codeSemicolon = sqlPieces(sql).some((p) => p.kind === 'code' && p.text.includes(';'));
      expect(codeSemicolon).toBe(false);
      expect(() => db.prepare(sql)).not.toThrow();
    }
    db.close();
  });
});

// Text that is (nearly) nothing: what SQLite skips before a statement, and what it does not.
const trivia = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\v', '\f', '\r', ';', '-', '--', '/', '*', '/*', '*/', 'x', "'", '\u00a0'), maxLength: 12 });

test.prop([trivia], fcParams(3000))('the sqlite dialect agrees with SQLite on which texts hold no statement at all', (text) => {
  const db = new Database(':memory:');
  try {
    let none = false;
    try {
      db.prepare(text);
    } catch (err) {
      none = (err as Error).message.includes('contains no statements'); // better-sqlite3's words, for this check only
    }
    expect(lexSql(text, 'sqlite').every((t) => isTrivia(t) || t.text === ';')).toBe(none);
  } finally {
    db.close();
  }
});

describe('sqlPieces', () => {
  it('splits SQL into code, quoted stretches and comments as SQLite reads them', () => {
    expect(pieces("SELECT name -- the name\nFROM t /* all */ WHERE x = 'a;b' AND \"c\"\"d\" = [e f]")).toEqual([
      ['code', 'SELECT name '],
      ['comment', '-- the name\n'],
      ['code', 'FROM t '],
      ['comment', '/* all */'],
      ['code', ' WHERE x = '],
      ['quoted', "'a;b'"],
      ['code', ' AND '],
      ['quoted', '"c""d"'],
      ['code', ' = '],
      ['quoted', '[e f]'],
    ]);
  });

  it('keeps a reply cut off inside a literal or comment inside it', () => {
    expect(pieces("SELECT 'it''s; cut")).toEqual([['code', 'SELECT '], ['quoted', "'it''s; cut"]]);
    expect(pieces('SELECT 1 /* note; cut')).toEqual([['code', 'SELECT 1 '], ['comment', '/* note; cut']]);
  });
});
