import { nltkWordTokenize } from './nltkWordTokenize.ts';
import { ParseFailure } from './ParseFailure.ts';

/**
 * The token list the official `process_sql.tokenize` builds:
 * 1. every `'` becomes `"`; an odd number of quotes is an error;
 * 2. quotes pair up in order, and each quoted span (quotes included) is set aside;
 * 3. NLTK's `word_tokenize` runs on the rest, every token is lower-cased, and each
 *    set-aside span comes back in place of its placeholder, case kept (`"Paris"`);
 * 4. `!`, `>`, `<` directly before a `=` token are joined with it.
 * Throws `ParseFailure` where the official code raises.
 */
export function officialTokens(sql: string): string[] {
  let text = sql.replaceAll("'", '"');
  const quotes: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '"') quotes.push(i);
  if (quotes.length % 2 !== 0) throw new ParseFailure('odd-quotes', 'Unexpected quote: an odd number of quote characters', null);

  const spans = new Map<string, string>();
  // Right to left, so that earlier offsets stay valid while we splice.
  for (let i = quotes.length - 1; i > 0; i -= 2) {
    const q1 = quotes[i - 1]!;
    const q2 = quotes[i]!;
    const key = `__val_${q1}_${q2}__`;
    spans.set(key, text.slice(q1, q2 + 1));
    text = text.slice(0, q1) + key + text.slice(q2 + 1);
  }

  let toks = nltkWordTokenize(text).map((w) => {
    const lower = w.toLowerCase();
    return spans.get(lower) ?? lower;
  });

  const eqs: number[] = [];
  toks.forEach((t, i) => {
    if (t === '=') eqs.push(i);
  });
  for (const eq of eqs.reverse()) {
    // Python's toks[eq - 1] wraps around to the last token when eq is 0.
    const pre = toks.at(eq - 1);
    if (pre === '!' || pre === '>' || pre === '<') {
      toks = [...toks.slice(0, eq - 1 < 0 ? toks.length - 1 : eq - 1), `${pre}=`, ...toks.slice(eq + 1)];
    }
  }
  return toks;
}
