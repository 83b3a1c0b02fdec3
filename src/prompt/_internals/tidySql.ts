import { sqlPieces } from '../../core/sqlLexer.ts';

/** One line: comments go, whitespace runs outside quotes become one space, trailing `;` go. */
export function tidySql(sql: string): string {
  let out = '';
  let code = '';
  const flush = () => {
    out += code.replace(/\s+/g, ' ');
    code = '';
  };
  for (const p of sqlPieces(sql)) {
    if (p.kind === 'quoted') {
      flush();
      out += p.text;
    } else {
      code += p.kind === 'comment' ? ' ' : p.text;
    }
  }
  flush();
  return out.trim().replace(/(?:\s*;)+$/, '').trim();
}
