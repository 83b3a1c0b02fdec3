import { punktSentences } from './punktSentences.ts';

/**
 * NLTK's `word_tokenize` (Punkt sentences, then `NLTKWordTokenizer` on each), which the
 * official `process_sql.tokenize` calls. Its rules decide what the official parser sees:
 * `(`, `)`, `*`, `<`, `>`, `!`, `,` (before a non-digit) and `;` are split off, while `=`, `-`,
 * `+`, `/` and `.` stay glued to their neighbours (`a=b` is one token).
 * Python's `\d` is Unicode-aware, hence `\p{Nd}`.
 */
type Rule = readonly [RegExp, string];

const STARTING_QUOTES: readonly Rule[] = [
  [/([«“‘„]|[`]+)/gu, ' $1 '],
  [/^"/gu, '``'],
  [/(``)/gu, ' $1 '],
  [/([ ([{<])("|'{2})/gu, '$1 `` '],
  [/(')(?!re|ve|ll|m|t|s|d|n)([\p{L}\p{N}_])(?![\p{L}\p{N}_])/giu, '$1 $2'],
];

const PUNCTUATION: readonly Rule[] = [
  [/([^.])(\.)([\])}>"'»”’ ]*)\s*$/gu, '$1 $2 $3 '],
  [/([:,])([^\p{Nd}])/gu, ' $1 $2'],
  [/([:,])$/gu, ' $1 '],
  [/\.{2,}/gu, ' $& '],
  [/[;@#$%&]/gu, ' $& '],
  [/([^.])(\.)([\])}>"']*)\s*$/gu, '$1 $2$3 '],
  [/[?!]/gu, ' $& '],
  [/([^'])' /gu, "$1 ' "],
  [/[*]/gu, ' $& '],
];

const PARENS_BRACKETS: Rule = [/[\][(){}<>]/gu, ' $& '];
const DOUBLE_DASHES: Rule = [/--/gu, ' -- '];

const ENDING_QUOTES: readonly Rule[] = [
  [/([»”’])/gu, ' $1 '],
  [/''/gu, " '' "],
  [/"/gu, " '' "],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /gu, '$1 $2 '],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /gu, '$1 $2 '],
];

// MacIntyre contractions; `\b` spelled out because Python's is Unicode-aware.
const W = String.raw`[\p{L}\p{N}_]`;
const CONTRACTIONS: readonly RegExp[] = [
  ['can', 'not'],
  ['d', "'ye"],
  ['gim', 'me'],
  ['gon', 'na'],
  ['got', 'ta'],
  ['lem', 'me'],
  ['more', "'n"],
].map(([a, b]) => new RegExp(String.raw`(?<!${W})(${a})(${b})(?!${W})`, 'giu'));
const WANNA = /(?<![\p{L}\p{N}_])(wan)(na)(?=\s)/giu;
const CONTRACTIONS3: readonly RegExp[] = [/ ('t)(is)(?![\p{L}\p{N}_])/giu, / ('t)(was)(?![\p{L}\p{N}_])/giu];

// Python's str.split(): what str.isspace() calls whitespace (not JS's \s: no U+FEFF, plus \x1c-\x1f).
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

function apply(text: string, rules: readonly Rule[]): string {
  let t = text;
  for (const [re, sub] of rules) t = t.replace(re, sub);
  return t;
}

function tokenizeSentence(sentence: string): string[] {
  let text = apply(sentence, STARTING_QUOTES);
  text = apply(text, PUNCTUATION);
  text = text.replace(PARENS_BRACKETS[0], PARENS_BRACKETS[1]);
  text = text.replace(DOUBLE_DASHES[0], DOUBLE_DASHES[1]);
  text = ` ${text} `;
  text = apply(text, ENDING_QUOTES);
  for (const re of CONTRACTIONS) text = text.replace(re, ' $1 $2 ');
  text = text.replace(WANNA, ' $1 $2 ');
  for (const re of CONTRACTIONS3) text = text.replace(re, ' $1 $2 ');
  return text.split(PY_WHITESPACE).filter((t) => t.length > 0);
}

export function nltkWordTokenize(text: string): string[] {
  return punktSentences(text).flatMap(tokenizeSentence);
}
