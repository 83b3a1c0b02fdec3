/** A stretch of SQL text: code, a quoted literal or name, or a comment. */
export interface SqlPiece {
  readonly kind: 'code' | 'quoted' | 'comment';
  readonly text: string;
}

/**
 * Splits SQL into code, quoted stretches ('text', "name", `name`, [name], doubled quotes as escapes)
 * and comments (-- to end of line, /* … *\/). An unterminated quote or comment runs to the end.
 */
export function sqlPieces(sql: string): SqlPiece[] {
  const out: SqlPiece[] = [];
  let code = '';
  let i = 0;
  const flush = () => {
    if (code) out.push({ kind: 'code', text: code });
    code = '';
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(close, j);
        if (k < 0) {
          j = sql.length;
          break;
        }
        if (close !== ']' && sql[k + 1] === close) {
          j = k + 2;
          continue;
        }
        j = k + 1;
        break;
      }
      flush();
      out.push({ kind: 'quoted', text: sql.slice(i, j) });
      i = j;
    } else if (c === '-' && sql[i + 1] === '-') {
      const k = sql.indexOf('\n', i);
      const j = k < 0 ? sql.length : k;
      flush();
      out.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      const k = sql.indexOf('*/', i + 2);
      const j = k < 0 ? sql.length : k + 2;
      flush();
      out.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return out;
}

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
