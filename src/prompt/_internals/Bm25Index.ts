/**
 * Okapi BM25 over bags of terms (k1 = 1.2, b = 0.75, the usual defaults; Robertson & Zaragoza 2009),
 * with the non-negative idf ln(1 + (N − n + 0.5) / (n + 0.5)). Built once; a query touches only
 * the postings of its own terms.
 */
export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[];
  private readonly avgLength: number;

  constructor(
    documents: readonly (readonly string[])[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.lengths = documents.map((d) => d.length);
    this.avgLength = this.lengths.reduce((a, n) => a + n, 0) / Math.max(1, documents.length);
    documents.forEach((terms, doc) => {
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, n] of tf) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, tf: n });
      }
    });
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Score of every document for the query (0 for documents sharing no term with it). */
  scores(query: readonly string[]): Float64Array {
    const out = new Float64Array(this.lengths.length);
    const n = this.lengths.length;
    for (const term of new Set(query)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = this.k1 * (1 - this.b + (this.b * (this.lengths[doc] ?? 0)) / (this.avgLength || 1));
        out[doc] = (out[doc] ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm);
      }
    }
    return out;
  }
}
