import { sqlPieces } from '../core/sqlLexer.ts';
import { tidySql } from './_internals/tidySql.ts';
import { isSqlKeyword } from '../core/sqlKeywords.ts';

export type ExtractedSql = { readonly sql: string } | { readonly sql: null; readonly reason: string };

/**
 * One SQL statement from a model's answer, deterministically, or the reason there is none. Never
 * returns prose: what it returns starts with SELECT or WITH (optionally after parentheses), and
 * outside code blocks never with the sentence-case "Select" or "With".
 *
 * Where it looks, in order (after dropping a finished `<think>…</think>` block):
 *  1. fenced code blocks: the first tagged sql/sqlite, else the first whose body is a query;
 *  2. inline `code` holding a query;
 *  3. the last "Answer:", "SQL:", "Query:" (any case) followed by a query;
 *  4. the whole answer, if it starts with a query (the usual reply of a fine-tuned model);
 *  5. the first line starting with upper-case SELECT or WITH; 6. the first upper-case SELECT.
 * The statement ends at the first `;` outside quotes and comments, a closing fence, and (outside
 * fences) a blank line or a line that reads as prose. It comes back on one line (line breaks inside
 * quoted text aside): comments removed, whitespace outside quotes collapsed to single spaces, no
 * trailing `;` (nor, outside fences, a trailing period).
 */
export function extractSql(response: string): ExtractedSql {
  let text = response.replace(/\r\n?/g, '\n');
  const thinkEnd = text.lastIndexOf('</think>');
  if (thinkEnd >= 0) text = text.slice(thinkEnd + '</think>'.length);
  else if (text.includes('<think>')) return { sql: null, reason: 'reasoning never finished (<think> without </think>)' };
  if (text.trim() === '') return { sql: null, reason: 'empty response' };

  const fences = fencedBlocks(text);
  const tagged = fences.filter((f) => /^(sql|sqlite|sqlite3|postgresql|postgres|mysql|tsql|plsql)$/i.test(f.lang));
  for (const block of [...tagged, ...fences.filter((f) => !tagged.includes(f))]) {
    const found = statementAt(block.body, skipBlank(block.body), 'code');
    if (found) return { sql: found };
  }

  for (const m of text.matchAll(/(?<!`)`([^`\n]+)`(?!`)/g)) {
    const found = statementAt(m[1] ?? '', skipBlank(m[1] ?? ''), 'code');
    if (found) return { sql: found };
  }

  const markers = [...text.matchAll(/\b(?:answer|sql|query)\s*(?:\*\*)?:(?:\*\*)?/gi)].reverse();
  for (const m of markers) {
    const after = (m.index ?? 0) + m[0].length;
    const found = statementAt(text, skipBlank(text, after), 'prose');
    if (found) return { sql: found };
  }

  const whole = statementAt(text, skipBlank(text), 'prose');
  if (whole) return { sql: whole };

  for (const m of text.matchAll(/^[ \t]*(?=(?:SELECT|WITH)\b)/gm)) {
    const found = statementAt(text, (m.index ?? 0) + m[0].length, 'prose', true);
    if (found) return { sql: found };
  }
  for (const m of text.matchAll(/\bSELECT\b/g)) {
    const found = statementAt(text, m.index ?? 0, 'prose', true);
    if (found) return { sql: found };
  }
  return { sql: null, reason: fences.length > 0 ? 'no code block or line holds a SQL query' : 'no SQL query found' };
}

interface Fence {
  readonly lang: string;
  readonly body: string;
}

/** Markdown fenced blocks (``` or ~~~, three or more); an unclosed fence runs to the end. */
function fencedBlocks(text: string): Fence[] {
  const out: Fence[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,}|~{3,})\s*([\w+#-]*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[1] as string;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (line.trim().startsWith(fence[0]!.repeat(fence.length)) && line.trim().replace(/^[`~]+/, '') === '') break;
      body.push(line);
    }
    out.push({ lang: open[2] ?? '', body: body.join('\n') });
    i = j;
  }
  return out;
}

function skipBlank(text: string, from = 0): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  return i;
}

const statementStart = /^\(*\s*(?:select|with)\b/i;

/**
 * The statement starting at `from`, tidied, or null when there is no query there. `prose` mode
 * also ends it at a blank line or a prose line, and drops a final period; `needFrom` (for the
 * weakest clues) asks for a FROM clause as well.
 */
function statementAt(text: string, from: number, mode: 'code' | 'prose', needFrom = false): string | null {
  const rest = text.slice(from);
  if (!statementStart.test(rest)) return null;
  // Models write SQL keywords in upper or lower case; "Select …" or "With …" begins a sentence.
  if (mode === 'prose' && /^\(*\s*(?:Select|With)\b/.test(rest)) return null;
  let sql = tidySql(statementEnd(rest, mode));
  if (mode === 'prose') sql = sql.replace(/\.$/, '').trim();
  if (!statementStart.test(sql)) return null;
  if (/^\(*\s*with\b/i.test(sql) && !/^\(*\s*with\s+(?:recursive\s+)?(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|[\p{L}_][\p{L}\p{N}_$]*)\s*(?:\([^)]*\)\s*)?as\s*(?:not\s+)?(?:materialized\s+)?\(/iu.test(sql)) return null;
  if (needFrom && !sqlPieces(sql).some((p) => p.kind === 'code' && /\bfrom\b/i.test(p.text))) return null;
  return sql;
}

/** The statement's text: up to the first top-level `;`, closing fence, or (prose) blank/prose line. */
function statementEnd(text: string, mode: 'code' | 'prose'): string {
  const quoted: [number, number][] = [];
  let end = text.length;
  let offset = 0;
  for (const piece of sqlPieces(text)) {
    if (piece.kind === 'code') {
      const semicolon = piece.text.indexOf(';');
      if (semicolon >= 0) {
        end = offset + semicolon;
        break;
      }
    } else {
      quoted.push([offset, offset + piece.text.length]);
    }
    offset += piece.text.length;
  }
  const inside = (p: number) => quoted.some(([a, b]) => a < p && p < b);
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    if (inside(nl + 1)) continue;
    const next = text.indexOf('\n', nl + 1);
    const line = text.slice(nl + 1, next < 0 ? text.length : next);
    if (/^\s*(`{3}|~{3})/.test(line) || (mode === 'prose' && (line.trim() === '' || isProseLine(line)))) return text.slice(0, nl);
  }
  return text.slice(0, end);
}

/** A line that reads as a sentence or markdown rather than as a piece of a query. */
function isProseLine(line: string): boolean {
  const t = line.trim();
  if (/^(\*\*|#{1,6}\s|>\s)/.test(t)) return true;
  if (/^[A-Z][A-Za-z]*( [A-Za-z]+)*:(\s|$)/.test(t)) return true; // "Explanation:", "Note that:"
  const first = /^([A-Z][a-z]*)(?:'[a-z]+)?\b/.exec(t)?.[1];
  if (first === undefined || isSqlKeyword(first) || /[=<>()]/.test(t)) return false;
  // "This query returns the names", or a short sentence: "That's it.", "Hope this helps!"
  return /^\S+(?:\s+[a-z][a-z'-]*){2,}/.test(t) || /[.!?]$/.test(t);
}
