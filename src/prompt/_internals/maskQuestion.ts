import type { Schema } from '../../schema/Schema.ts';
import { identifierWords, words } from './words.ts';

export const maskToken = '<mask>';

// Words too common to count as naming a table or column (they occur in names like "singer in concert").
const stopwords = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'from', 'in', 'is', 'of', 'on', 'or', 'the', 'to', 'with']);

/** The words that name a table or column of the schema (original and Spider-normalized names). */
export function schemaWords(schema: Schema): Set<string> {
  const out = new Set<string>();
  const add = (name: string) => {
    for (const w of identifierWords(name)) if (!stopwords.has(w)) out.add(w);
  };
  for (const t of schema.tables) {
    add(t.name);
    add(t.normalizedName);
    for (const c of t.columns) {
      add(c.name);
      add(c.normalizedName);
    }
  }
  return out;
}

/**
 * DAIL-SQL's masked question (Gao et al. 2023): words naming the schema, numbers and quoted values
 * become `<mask>`, leaving the question's shape ("how many <mask> are older than <mask>").
 * Plurals match their singular (`singers` → `singer`).
 */
export function maskQuestion(question: string, vocabulary: ReadonlySet<string>): string[] {
  const unquoted = question.replace(/"[^"]*"|“[^”]*”|(?<![\p{L}\p{N}])'[^']+'(?![\p{L}\p{N}])/gu, ' 0 ');
  return words(unquoted).map((w) => {
    if (/^\p{N}+$/u.test(w)) return maskToken;
    if (vocabulary.has(w) || (w.endsWith('s') && vocabulary.has(w.slice(0, -1))) || (w.endsWith('es') && vocabulary.has(w.slice(0, -2)))) return maskToken;
    return w;
  });
}

/** Unigrams and bigrams of a masked question: bigrams keep some of its shape for BM25. */
export function maskedTerms(masked: readonly string[]): string[] {
  const out = [...masked.filter((w) => w !== maskToken)];
  for (let i = 0; i + 1 < masked.length; i++) out.push(`${masked[i]} ${masked[i + 1]}`);
  return out;
}
