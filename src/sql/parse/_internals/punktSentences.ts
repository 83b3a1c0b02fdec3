/**
 * Sentence splitting as NLTK's Punkt (`sent_tokenize`) does it, reduced to what can happen in
 * SQL text. `word_tokenize` splits sentences first, and only a sentence's *final* period is
 * split off a word, so a split changes tokens (`T1. name` → `t1 . name`).
 *
 * What is kept of Punkt: its candidate regex, context building, its own word splitter, the
 * first-pass annotation and the number / initial rules of the second pass. What is not:
 * the English model's learned abbreviations, collocations and orthographic statistics (we
 * assume a word never seen, i.e. an empty orthographic context). Periods followed by
 * whitespace outside string literals are rare in SQL and end in a parse error either way.
 */

const NON_WORD = String.raw`(?:[)";}\]*:@'({\[?!])`;
const MULTI_CHAR = String.raw`(?:-{2,}|\.{2,}|(?:\.\s){2,}\.)`;
const WORD_START = '[^("`{\\[:;&#*@)}\\]\\-,]';

const PERIOD_CONTEXT = new RegExp(String.raw`[.?!](?=(${NON_WORD}|\s+(\S+)))`, 'gu');
const PUNKT_WORD = new RegExp(
  String.raw`(${MULTI_CHAR}|(?=${WORD_START})\S+?(?=\s|$|${NON_WORD}|${MULTI_CHAR}|,(?=$|\s|${NON_WORD}|${MULTI_CHAR}))|\S)`,
  'gu',
);
// Python's `re.match` anchors at the start only: a sticky regex (fresh per use), not `^`.
const boundaryRealignment = () => /["')\]}]+?(?:\s+|(?=--)|$)/muy;
const NUMERIC = /^-?[.,]?\d[\d,.-]*\.?$/u;
const INITIAL = /^[\p{L}_]\.$/u; // Python's [^\W\d]\.
const ELLIPSIS = /^\.\.+$/u;
const PUNCTUATION = new Set([';', ':', ',', '.', '!', '?']);

interface Candidate {
  readonly index: number;
  readonly end: number;
  readonly nextTokStart: number | null;
  readonly afterTok: string;
}

function candidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(PERIOD_CONTEXT)) {
    const index = m.index;
    const afterTok = m[1] ?? '';
    const nextTok = m[2];
    out.push({
      index,
      end: index + 1,
      afterTok,
      nextTokStart: nextTok === undefined ? null : index + 1 + afterTok.length - nextTok.length,
    });
  }
  return out;
}

function lastWhitespaceIndex(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if (/\s/u.test(s[i]!)) return i;
  return 0;
}

/** Punkt's `_match_potential_end_contexts`: the word before each candidate, overlaps dropped. */
function potentialEndContexts(text: string): Array<{ c: Candidate; context: string }> {
  const out: Array<{ c: Candidate; context: string }> = [];
  let prevStart = 0;
  let prevStop = 0;
  let prev: Candidate | null = null;
  for (const c of candidates(text)) {
    const before = text.slice(prevStop, c.index);
    let wordStart = lastWhitespaceIndex(before);
    wordStart = wordStart ? wordStart + prevStop + 1 : prevStart;
    if (prev && prevStop <= wordStart) {
      out.push({ c: prev, context: text.slice(prevStart, prevStop) + text[prev.index]! + prev.afterTok });
    }
    prev = c;
    prevStart = wordStart;
    prevStop = c.index;
  }
  if (prev) out.push({ c: prev, context: text.slice(prevStart, prevStop) + text[prev.index]! + prev.afterTok });
  return out;
}

interface Tok {
  readonly tok: string;
  sentbreak: boolean;
  abbr: boolean;
  ellipsis: boolean;
}

function punktType(tok: string): string {
  const lower = tok.toLowerCase();
  return NUMERIC.test(lower) ? '##number##' : lower;
}

function orthoSaysSentenceStarter(next: Tok): boolean | 'unknown' {
  if (PUNCTUATION.has(next.tok)) return false;
  const first = next.tok[0] ?? '';
  // Empty orthographic context: a lower-case word was never seen starting a sentence.
  if (first !== first.toUpperCase() && first === first.toLowerCase()) return false;
  return 'unknown';
}

function containsSentBreak(context: string): boolean {
  const toks: Tok[] = [];
  for (const line of context.split('\n')) {
    if (!line.trim()) continue;
    for (const m of line.matchAll(PUNKT_WORD)) toks.push({ tok: m[0], sentbreak: false, abbr: false, ellipsis: false });
  }
  for (const t of toks) {
    if (t.tok === '.' || t.tok === '?' || t.tok === '!') t.sentbreak = true;
    else if (ELLIPSIS.test(t.tok)) t.ellipsis = true;
    else if (t.tok.endsWith('.') && !t.tok.endsWith('..')) t.sentbreak = true; // no abbreviation list
  }
  for (let i = 0; i + 1 < toks.length; i++) {
    const t = toks[i]!;
    if (!t.tok.endsWith('.')) continue;
    const typ = punktType(t.tok);
    const isInitial = INITIAL.test(t.tok);
    if (isInitial || typ === '##number##.' || typ === '##number##') {
      if (orthoSaysSentenceStarter(toks[i + 1]!) === false) {
        t.sentbreak = false;
        t.abbr = true;
      }
    }
  }
  let found = false;
  for (const t of toks) {
    if (found) return true;
    if (t.sentbreak) found = true;
  }
  return false;
}

/** The sentences `sent_tokenize` would cut `text` into (whitespace between them dropped). */
export function punktSentences(text: string): string[] {
  const slices: Array<[number, number]> = [];
  let lastBreak = 0;
  for (const { c, context } of potentialEndContexts(text)) {
    if (containsSentBreak(context)) {
      slices.push([lastBreak, c.end]);
      lastBreak = c.nextTokStart ?? c.end;
    }
  }
  slices.push([lastBreak, text.trimEnd().length]);

  const out: string[] = [];
  let realign = 0;
  for (let i = 0; i < slices.length; i++) {
    const [start0, stop] = slices[i]!;
    const start = start0 + realign;
    const next = slices[i + 1];
    if (!next) {
      if (stop > start) out.push(text.slice(start, stop));
      continue;
    }
    const m = boundaryRealignment().exec(text.slice(next[0], next[1]));
    if (m) {
      out.push(text.slice(start, next[0] + m[0].trimEnd().length));
      realign = m[0].length;
    } else {
      realign = 0;
      if (stop > start) out.push(text.slice(start, stop));
    }
  }
  return out;
}
