import type { Schema } from '../schema/Schema.ts';
import type { FewShotExample } from './FewShotExample.ts';
import { Bm25Index } from './_internals/Bm25Index.ts';
import { maskedTerms, maskQuestion, schemaWords } from './_internals/maskQuestion.ts';
import { Xoshiro128 } from '../core/xoshiro128.ts';
import { words } from './_internals/words.ts';

/**
 * How examples are chosen: `random` (seeded, per question), `bm25` (BM25 similarity of the
 * questions' words), `dail` (BM25 over DAIL-SQL-style masked questions: schema words, numbers and
 * values masked, unigrams and bigrams, so questions of the same shape match across databases).
 */
export type FewShotSelector = 'random' | 'bm25' | 'dail';

export const fewShotSelectors: readonly FewShotSelector[] = ['random', 'bm25', 'dail'];

export interface FewShotRequest {
  readonly question: string;
  /** The question's database: its examples are left out unless `allowSameDb`. */
  readonly dbId: string;
  /** The question's schema, whose words `dail` masks (without it, only numbers and values are). */
  readonly schema?: Schema;
  readonly k: number;
  readonly selector: FewShotSelector;
  /** For `random`. */
  readonly seed: number;
  readonly allowSameDb: boolean;
}

export interface SelectedExample {
  readonly example: FewShotExample;
  /** Position in the pool. */
  readonly index: number;
  /** Similarity (BM25 score; 0 for random). */
  readonly score: number;
}

export interface FewShotPool {
  readonly examples: readonly FewShotExample[];
  /** Up to k examples, best first; ties go to the earlier example. Deterministic. */
  select(request: FewShotRequest): SelectedExample[];
}

export interface FewShotPoolOptions {
  /** Schemas of the examples' databases (e.g. all of tables.json), for `dail` masking. */
  schemas?: ReadonlyMap<string, Schema>;
}

/**
 * A pool of examples with its indexes: the BM25 index over questions is built here, once; the
 * masked (`dail`) index on its first use.
 */
export function fewShotPool(examples: readonly FewShotExample[], options: FewShotPoolOptions = {}): FewShotPool {
  const bm25 = new Bm25Index(examples.map((e) => words(e.question)));
  const vocabularies = new Map<string, Set<string>>();
  const vocabularyOf = (dbId: string, schema?: Schema): Set<string> => {
    let v = vocabularies.get(dbId);
    if (!v) {
      const s = schema ?? options.schemas?.get(dbId);
      v = s ? schemaWords(s) : new Set();
      vocabularies.set(dbId, v);
    }
    return v;
  };
  let dail: Bm25Index | undefined;
  const dailIndex = () => (dail ??= new Bm25Index(examples.map((e) => maskedTerms(maskQuestion(e.question, vocabularyOf(e.dbId))))));

  return {
    examples,
    select(request) {
      const { k } = request;
      if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, not ${k}`);
      if (k === 0) return [];
      const eligible = (i: number) => request.allowSameDb || examples[i]?.dbId !== request.dbId;
      if (request.selector === 'random') return pickRandom(examples, k, eligible, `${request.seed}\0${request.dbId}\0${request.question}`);
      const scores =
        request.selector === 'bm25'
          ? bm25.scores(words(request.question))
          : dailIndex().scores(maskedTerms(maskQuestion(request.question, request.schema ? schemaWords(request.schema) : vocabularyOf(request.dbId))));
      return topK(examples, scores, k, eligible);
    },
  };
}

function topK(examples: readonly FewShotExample[], scores: Float64Array, k: number, eligible: (i: number) => boolean): SelectedExample[] {
  const best: { index: number; score: number }[] = [];
  for (let i = 0; i < examples.length; i++) {
    if (!eligible(i)) continue;
    const score = scores[i] ?? 0;
    if (best.length === k && score <= (best[k - 1]?.score ?? 0)) continue;
    // Insert keeping best-first order, earlier index first among equal scores.
    let at = best.length;
    while (at > 0 && (best[at - 1]?.score ?? 0) < score) at--;
    best.splice(at, 0, { index: i, score });
    if (best.length > k) best.pop();
  }
  return best.map(({ index, score }) => ({ example: examples[index] as FewShotExample, index, score }));
}

function pickRandom(examples: readonly FewShotExample[], k: number, eligible: (i: number) => boolean, key: string): SelectedExample[] {
  const candidates: number[] = [];
  for (let i = 0; i < examples.length; i++) if (eligible(i)) candidates.push(i);
  const rng = Xoshiro128.fromText(key);
  const n = Math.min(k, candidates.length);
  for (let i = 0; i < n; i++) {
    const j = i + rng.below(candidates.length - i);
    [candidates[i], candidates[j]] = [candidates[j] as number, candidates[i] as number];
  }
  return candidates.slice(0, n).map((index) => ({ example: examples[index] as FewShotExample, index, score: 0 }));
}
