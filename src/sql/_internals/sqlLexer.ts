// A lossless SQL lexer shaped like sqlparse's, which the official evaluator uses to drop
// DISTINCT tokens and to cut a prediction to its first statement. Concatenating the token
// texts gives back the input exactly.

export type SqlTokenKind = 'ws' | 'comment' | 'string' | 'quoted' | 'word' | 'punct' | 'other';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  readonly text: string;
}

const WORD_START = /[\p{L}\p{N}_]/u;
const WORD_PART = /[\p{L}\p{N}_$#]/u;
const WS = /\s/;

/** Tokenizes SQL text. Never throws: an unterminated quote becomes a one-character token. */
export function lexSql(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = text.length;
  const push = (kind: SqlTokenKind, end: number) => {
    tokens.push({ kind, text: text.slice(i, end) });
    i = end;
  };
  while (i < n) {
    const c = text[i]!;
    if (WS.test(c)) {
      let j = i + 1;
      while (j < n && WS.test(text[j]!)) j++;
      push('ws', j);
    } else if (c === '-' && text[i + 1] === '-') {
      let j = i + 2;
      while (j < n && text[j] !== '\n' && text[j] !== '\r') j++;
      if (text[j] === '\r' && text[j + 1] === '\n') j += 2;
      else if (j < n) j++;
      push('comment', j);
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) push('other', i + 1);
      else push('comment', end + 2);
    } else if (c === "'" || c === '"') {
      // sqlparse accepts doubled quotes, escaped backslashes and backslash-escaped quotes
      // inside literals (tried in that order).
      let j = i + 1;
      let closed = false;
      while (j < n) {
        if (text[j] === c && text[j + 1] === c) j += 2;
        else if (text[j] === '\\' && text[j + 1] === '\\') j += 2;
        else if (text[j] === '\\' && text[j + 1] === c) j += 2;
        else if (text[j] === c) {
          closed = true;
          j++;
          break;
        } else j++;
      }
      if (closed) push(c === "'" ? 'string' : 'quoted', j);
      else push('other', i + 1);
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) push('other', i + 1);
      else push('quoted', end + 1);
    } else if (c === '[') {
      const end = text.indexOf(']', i + 1);
      const inner = end < 0 ? '' : text.slice(i + 1, end);
      if (end < 0 || inner.length === 0 || inner.includes('[')) push('punct', i + 1);
      else push('quoted', end + 1);
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j]!)) j++;
      push('word', j);
    } else {
      push('punct', i + 1);
    }
  }
  return tokens;
}

/** True for tokens that carry no meaning for execution (whitespace and comments). */
export function isTrivia(t: SqlToken): boolean {
  return t.kind === 'ws' || t.kind === 'comment';
}
