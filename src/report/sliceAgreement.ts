import type { EvaluatedRun } from '../evaluate/EvaluatedRun.ts';
import { DEFAULTS, pairedComparison } from '../stats/index.ts';
import type { Accuracy, PairedDifference, SliceAgreement, SliceTwinCell } from './ReportData.ts';
import type { StudyMatrixCell } from './studyMatrix.ts';

/** a − b on the same questions: paired bootstrap CI and exact McNemar (the claims' seed and resamples). */
export function pairedDifference(a: EvaluatedRun, b: EvaluatedRun): PairedDifference {
  const cmp = pairedComparison(a.correct, b.correct, { resamples: DEFAULTS.resamples, seed: DEFAULTS.seed });
  return { difference: cmp.difference.estimate, ci: cmp.difference.ci, onlyA: cmp.counts.b10, onlyB: cmp.counts.b01, p: cmp.mcnemar.pValue };
}

/** 1 = best; ties share the better rank. */
function ranks(values: readonly number[]): number[] {
  return values.map((v) => 1 + values.filter((w) => w > v).length);
}

/**
 * For each row of the schema ablation answered on a seeded slice: the representations whose
 * sliced cell and full-dev twin are both scored, their EX and rank on each, the paired test of
 * each against the row's reference (its first representation) on each, and how many pairs of
 * representations the slice orders otherwise than full dev.
 */
export function sliceAgreements(
  cells: readonly StudyMatrixCell[],
  /** By `experiment/run`: a sliced cell's run restricted to its slice, a full cell's on every question. */
  runOf: (name: string) => EvaluatedRun,
  exOf: (name: string) => Accuracy,
): SliceAgreement[] {
  const name = (c: StudyMatrixCell) => `${c.experiment}/${c.run}`;
  const rows = new Map<string, StudyMatrixCell[]>();
  for (const c of cells) if (c.slice !== null && c.present) rows.set(c.row, [...(rows.get(c.row) ?? []), c]);
  const out: SliceAgreement[] = [];
  for (const sliced of rows.values()) {
    const pairs = sliced
      .map((s) => ({ s, f: cells.find((c) => c.slice === null && c.present && c.twin === s.twin) }))
      .filter((x): x is { s: StudyMatrixCell; f: StudyMatrixCell } => x.f !== undefined);
    if (pairs.length === 0) continue;
    const first = pairs[0]!.s;
    const sliceEx = pairs.map((p) => exOf(name(p.s)));
    const fullEx = pairs.map((p) => exOf(name(p.f)));
    const sr = ranks(sliceEx.map((a) => a.accuracy));
    const fr = ranks(fullEx.map((a) => a.accuracy));
    const twins: SliceTwinCell[] = pairs.map((p, i) => ({ schema: p.s.schema, sliceRun: name(p.s), fullRun: name(p.f), slice: sliceEx[i]!, full: fullEx[i]!, sliceRank: sr[i]!, fullRank: fr[i]! }));
    let orderedPairs = 0;
    let reversed = 0;
    const significant = { slice: 0, full: 0 };
    const reference = pairs[0]!;
    const withReference: SliceAgreement['pairs'][number][] = [];
    for (let i = 0; i < pairs.length; i++) {
      for (let j = i + 1; j < pairs.length; j++) {
        const onSlice = pairedDifference(runOf(name(pairs[i]!.s)), runOf(name(pairs[j]!.s)));
        const onFull = pairedDifference(runOf(name(pairs[i]!.f)), runOf(name(pairs[j]!.f)));
        orderedPairs++;
        if (Math.sign(onSlice.difference) !== Math.sign(onFull.difference)) reversed++;
        if (onSlice.p < DEFAULTS.alpha) significant.slice++;
        if (onFull.p < DEFAULTS.alpha) significant.full++;
        if (i === 0) {
          const [a, b] = [pairs[j]!, reference];
          withReference.push({ a: a.s.schema, b: b.s.schema, slice: pairedDifference(runOf(name(a.s)), runOf(name(b.s))), full: pairedDifference(runOf(name(a.f)), runOf(name(b.f))) });
        }
      }
    }
    out.push({ slice: first.slice!, n: first.questions, model: first.model, condition: first.condition, reference: reference.s.schema, cells: twins, pairs: withReference, orderedPairs, reversed, significant });
  }
  return out;
}

