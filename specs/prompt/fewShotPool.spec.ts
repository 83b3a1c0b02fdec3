import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { fewShotPool, fewShotSelectors } from '../../src/prompt/fewShotPool.ts';
import { fcParams } from '../support/fastCheck.ts';
import { requireSpider, spiderData, spiderPresent } from './support/spiderData.ts';

/** Okapi BM25 as textbooks give it (Robertson & Zaragoza 2009; Lucene's idf), over every document. */
function textbookBm25(docs: string[][], query: string[], k1 = 1.2, b = 0.75): number[] {
  const avg = docs.reduce((a, d) => a + d.length, 0) / docs.length;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  return docs.map((d) => {
    let score = 0;
    for (const t of new Set(query)) {
      const n = df.get(t) ?? 0;
      if (n === 0) continue;
      const tf = d.filter((x) => x === t).length;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avg));
    }
    return score;
  });
}
const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

describe('few-shot selection over Spider train (7,000 examples)', () => {
  requireSpider();
  const data = spiderPresent ? spiderData() : undefined;
  const train = data?.train ?? [];
  const trainQuestion = fc.nat({ max: Math.max(0, train.length - 1) }).map((i) => train[i]!);
  // The same examples, each moved to a database of its own name plus '#'.
  let moved: ReturnType<typeof fewShotPool> | undefined;
  const elsewhere = () =>
    (moved ??= fewShotPool(
      train.map((e) => ({ ...e, dbId: `${e.dbId}#` })),
      { schemas: new Map([...(data?.schemas ?? [])].map(([id, schema]) => [`${id}#`, { ...schema, dbId: `${id}#` }])) },
    ));

  test.prop([trainQuestion, fc.constantFrom(...fewShotSelectors), fc.integer({ min: 1, max: 8 }), fc.nat()], fcParams(60))(
    'never picks an example of the question’s own database, unless asked to',
    (target, selector, k, seed) => {
      const request = { question: target.question, dbId: target.dbId, schema: data!.schemas.get(target.dbId), k, selector, seed, allowSameDb: false };
      const picked = data!.pool.select(request);
      expect(picked).toHaveLength(k);
      for (const p of picked) expect(p.example.dbId).not.toBe(target.dbId);
      expect(new Set(picked.map((p) => p.index)).size).toBe(k);
      // Asked to, it chooses among all examples: as a pool in which no example shares the
      // question's database would.
      const all = data!.pool.select({ ...request, allowSameDb: true });
      expect(all).toEqual(elsewhere().select({ ...request, allowSameDb: false }).map((p) => ({ ...p, example: train[p.index] })));
    },
  );

  let second: ReturnType<typeof fewShotPool> | undefined;
  const twin = () => (second ??= fewShotPool(train.slice(), { schemas: data!.schemas }));
  test.prop([trainQuestion, fc.constantFrom(...fewShotSelectors), fc.nat()], fcParams(40))('is deterministic: the same request gives the same examples', (target, selector, seed) => {
    const request = { question: target.question, dbId: target.dbId, k: 5, selector, seed, allowSameDb: false };
    expect(data!.pool.select(request)).toEqual(data!.pool.select(request));
    // Another pool over the same examples (nothing remembered between pools) agrees.
    expect(twin().select(request)).toEqual(data!.pool.select(request));
  });

  it('random selection depends on the seed', () => {
    const request = { question: 'How many singers are there?', dbId: 'concert_singer', k: 5, selector: 'random' as const, allowSameDb: false };
    const seeds = [0, 1, 2, 3].map((seed) => data!.pool.select({ ...request, seed }).map((p) => p.index).join());
    expect(new Set(seeds).size).toBe(4);
  });

  it('bm25 ranks as the textbook formula does', () => {
    const docs = train.map((e) => words(e.question));
    for (const q of ['How many singers do we have?', 'Show the name and capacity of the stadium with the highest average attendance.', 'List all pets older than 3 years, by weight']) {
      const expected = textbookBm25(docs, words(q))
        .map((score, index) => ({ score, index }))
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .slice(0, 10);
      const got = data!.pool.select({ question: q, dbId: 'none', k: 10, selector: 'bm25', seed: 0, allowSameDb: false });
      expect(got.map((p) => p.index)).toEqual(expected.map((e) => e.index));
      got.forEach((p, i) => expect(p.score).toBeCloseTo(expected[i]!.score, 9));
    }
  });

  it('dail compares question shapes: questions differing only in schema words and numbers get the same examples', () => {
    const pick = (question: string, dbId: string) =>
      data!.pool.select({ question, dbId, schema: data!.schemas.get(dbId), k: 5, selector: 'dail', seed: 0, allowSameDb: false }).map((p) => p.index);
    expect(pick('How many singers are there?', 'concert_singer')).toEqual(pick('How many pets are there?', 'pets_1'));
    expect(pick('List the names of singers older than 30.', 'concert_singer')).toEqual(pick('List the names of students older than 20.', 'pets_1'));
    // Plain bm25 sees different words there.
    const bm25 = (question: string) => data!.pool.select({ question, dbId: 'x', k: 5, selector: 'bm25', seed: 0, allowSameDb: false }).map((p) => p.index);
    expect(bm25('List the names of singers older than 30.')).not.toEqual(bm25('List the names of students older than 20.'));
  });
});
