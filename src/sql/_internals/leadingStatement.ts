import { isTrivia, lexSql } from '../../core/sqlLexer.ts';

/**
 * The statement SQLite will prepare from `sql`, read with the project's lexer as SQLite's own
 * tokenizer reads it: null when there is none (only whitespace, comments and empty statements
 * `;`: SQLite prepares nothing, and Python's cursor.execute succeeds and fetches nothing);
 * else its first keyword, upper-cased ('' when it starts with anything else).
 */
export function leadingStatement(sql: string): { readonly keyword: string } | null {
  // Nearly every query starts with its keyword, after plain spaces at most: no lexing needed
  // (this runs before every query). Anything else (comments, `;`, other whitespace) is lexed.
  const plain = /^[ \t\n\r]*([A-Za-z_]{1,32})/.exec(sql);
  if (plain) return { keyword: plain[1]!.toUpperCase() };
  let at = 0;
  for (const t of lexSql(sql, 'sqlite')) {
    if (!isTrivia(t) && t.text !== ';') {
      const m = /^[A-Za-z_]+/.exec(sql.slice(at, at + 32));
      return { keyword: m ? m[0].toUpperCase() : '' };
    }
    at += t.text.length;
  }
  return null;
}
