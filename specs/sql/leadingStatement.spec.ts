// The statement a query process prepares, found before every query: the quick reading of text
// that starts with a word (after plain spaces) agrees with the lexer's reading of any text.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { isTrivia, lexSql } from '../../src/core/sqlLexer.ts';
import { leadingStatement } from '../../src/sql/_internals/leadingStatement.ts';
import { fcParams } from '../support/fastCheck.ts';

/** The first token that is not trivia or `;`, read with the lexer alone. */
function lexed(sql: string): { keyword: string } | null {
  let at = 0;
  for (const t of lexSql(sql, 'sqlite')) {
    if (!isTrivia(t) && t.text !== ';') return { keyword: /^[A-Za-z_]+/.exec(sql.slice(at, at + 32))?.[0].toUpperCase() ?? '' };
    at += t.text.length;
  }
  return null;
}

it('agrees with the lexer on text made of spaces, comments, semicolons and words', () => {
  const piece = fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '--', '/*', '*/', ';', 'attach', 'SELECT', 'vacuum', '_x', '1', "'", '"', 'é');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
      const sql = parts.join('');
      expect(leadingStatement(sql)).toEqual(lexed(sql));
    }),
    fcParams(2000),
  );
  expect(leadingStatement('  \n attach database x AS y')).toEqual({ keyword: 'ATTACH' });
  expect(leadingStatement(' -- c\n;ATTACH x')).toEqual({ keyword: 'ATTACH' });
  expect(leadingStatement(' ; -- only a comment')).toBeNull();
});
