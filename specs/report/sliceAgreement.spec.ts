// Where a seeded slice and full dev disagree, on verdict vectors built by hand: ranks (ties share
// the better rank), pairs of representations ordered otherwise (all pairs, a tie on one side
// counting), and the paired tests against the row's reference, each checked against the stats
// functions on the same vectors.
import { describe, expect, it } from 'vitest';
import type { EvaluatedRun } from '../../src/evaluate/EvaluatedRun.ts';
import type { Accuracy } from '../../src/report/ReportData.ts';
import { sliceAgreements } from '../../src/report/sliceAgreement.ts';
import type { StudyMatrixCell } from '../../src/report/studyMatrix.ts';
import { DEFAULTS, pairedComparison } from '../../src/stats/index.ts';

const N = 60;
const SLICE = [...Array(20).keys()].map((i) => 3 * i);

function cell(run: string, schema: string, slice: string | null, model = 'm'): StudyMatrixCell {
  const settings = JSON.stringify({ model });
  return {
    experiment: 'e', run, model, condition: 'zero-shot', schema, slice, questions: slice ? SLICE.length : N, indices: slice ? SLICE : [...Array(N).keys()],
    present: true, state: 'scored', storeAccuracy: null, command: '', row: `${settings}${slice}`, twin: `${settings}${schema}`, predictions: null, storeScores: new Map(),
  };
}

/** Right on the first k of the given questions. */
const rightOn = (indices: readonly number[], k: number) => Uint8Array.from(indices, (_, i) => (i < k ? 1 : 0));

function run(name: string, correct: Uint8Array): EvaluatedRun {
  const k = correct.reduce((a, b) => a + b, 0);
  return { name, label: name, n: correct.length, correct, reasons: [], dbIds: [], accuracy: k / correct.length, indices: [], source: { predictionsSha256: null, goldSha256: '', compat: 'official', evaluatorHash: '' } };
}

describe('sliceAgreements', () => {
  const full = [...Array(N).keys()];
  // Full dev: keys 40/60 > minimal 30/60 > ddl 20/60. Slice: ddl 15/20 > minimal 10/20 = keys 10/20.
  const vectors: Record<string, Uint8Array> = {
    'e/minimal': rightOn(full, 30), 'e/keys': rightOn(full, 40), 'e/ddl': rightOn(full, 20),
    'e/minimal-s': rightOn(SLICE, 10), 'e/keys-s': rightOn(SLICE, 10), 'e/ddl-s': rightOn(SLICE, 15),
  };
  const cells = [
    cell('minimal', 'minimal', null), cell('keys', 'keys', null), cell('ddl', 'ddl', null),
    cell('minimal-s', 'minimal', 's'), cell('keys-s', 'keys', 's'), cell('ddl-s', 'ddl', 's'),
    // A sliced cell of another model without a full-dev twin: no row.
    cell('other-s', 'minimal', 's', 'other'),
  ];
  const runs = new Map(Object.entries(vectors).map(([n, v]) => [n, run(n, v)]));
  const ex = (name: string): Accuracy => {
    const r = runs.get(name)!;
    return { n: r.n, correct: Math.round(r.accuracy * r.n), accuracy: r.accuracy, ci: [0, 1] };
  };
  const [a, ...rest] = sliceAgreements(cells, (n) => runs.get(n)!, ex);

  it('gives one row per model and slice that has full-dev twins', () => {
    expect(rest).toHaveLength(0);
    expect([a!.slice, a!.n, a!.model, a!.reference]).toEqual(['s', 20, 'm', 'minimal']);
  });

  it('ranks each representation on both (ties share the better rank)', () => {
    expect(a!.cells.map((c) => [c.schema, c.sliceRank, c.fullRank])).toEqual([['minimal', 2, 2], ['keys', 2, 1], ['ddl', 1, 3]]);
    expect(a!.cells.map((c) => [c.sliceRun, c.fullRun])).toEqual([['e/minimal-s', 'e/minimal'], ['e/keys-s', 'e/keys'], ['e/ddl-s', 'e/ddl']]);
  });

  it('counts every pair the slice orders otherwise than full dev, a tie on one side included', () => {
    // minimal–keys: tie on the slice, keys ahead on full dev; minimal–ddl and keys–ddl: reversed.
    expect([a!.orderedPairs, a!.reversed]).toEqual([3, 3]);
  });

  it('tests each representation against the reference on both, as pairedComparison does', () => {
    const opts = { resamples: DEFAULTS.resamples, seed: DEFAULTS.seed };
    for (const schema of ['keys', 'ddl']) {
      const p = a!.pairs.find((x) => x.a === schema)!;
      expect(p.b).toBe('minimal');
      for (const [side, suffix] of [['slice', '-s'], ['full', '']] as const) {
        const cmp = pairedComparison(vectors[`e/${schema}${suffix}`]!, vectors[`e/minimal${suffix}`]!, opts);
        expect(p[side]).toEqual({ difference: cmp.difference.estimate, ci: cmp.difference.ci, onlyA: cmp.counts.b10, onlyB: cmp.counts.b01, p: cmp.mcnemar.pValue });
      }
    }
    let slice = 0;
    let fullDev = 0;
    for (const [x, y] of [['minimal', 'keys'], ['minimal', 'ddl'], ['keys', 'ddl']]) {
      if (pairedComparison(vectors[`e/${x}-s`]!, vectors[`e/${y}-s`]!, opts).mcnemar.pValue < DEFAULTS.alpha) slice++;
      if (pairedComparison(vectors[`e/${x}`]!, vectors[`e/${y}`]!, opts).mcnemar.pValue < DEFAULTS.alpha) fullDev++;
    }
    expect(a!.significant).toEqual({ slice, full: fullDev });
  });
});
