import type { Kmap } from '../sql/parse/foreignKeyMaps.ts';
import { EMPTY_SQL, type SpiderSql } from '../sql/parse/SpiderSql.ts';
import { evalPartialMatch, PARTIAL_TYPES, type PartialScore, type PartialScores, type PartialType } from './_internals/emEvaluate.ts';
import { rebuildForMatch } from './_internals/emRebuild.ts';
import { HARDNESS_LEVELS, type Hardness } from './hardness.ts';

export { PARTIAL_TYPES };
export type { PartialScore, PartialScores, PartialType };

/**
 * The official per-component scores of one prediction (`eval_partial_match` after the
 * value and foreign-key rewrites): for each component, acc = rec = f1 = 1 when the
 * prediction has as many items as the gold and all of them match, else 0.
 * A null prediction is the official empty query.
 */
export function partialScores(gold: SpiderSql, pred: SpiderSql | null, kmap: Kmap): PartialScores {
  return evalPartialMatch(rebuildForMatch(pred ?? EMPTY_SQL, kmap), rebuildForMatch(gold, kmap));
}

export type SummaryLevel = Hardness | 'all';
export const SUMMARY_LEVELS: readonly SummaryLevel[] = [...HARDNESS_LEVELS, 'all'];

export interface ComponentSummary {
  readonly acc: number;
  readonly rec: number;
  readonly f1: number;
}

export interface LevelSummary {
  readonly count: number;
  /** Exact-match accuracy; 0 when the level is empty. */
  readonly exact: number;
  readonly partial: Readonly<Record<PartialType, ComponentSummary>>;
}

export type ExactMatchSummary = Readonly<Record<SummaryLevel, LevelSummary>>;

export interface ScoredExample {
  readonly hardness: Hardness;
  readonly em: 0 | 1;
  readonly partial: PartialScores;
}

/**
 * The official report's numbers per hardness level and overall: count, exact match, and per
 * component the mean accuracy over examples whose prediction has the component, the mean
 * recall over examples whose gold has it, and their F1 — which the official code sets to 1
 * when both means are 0.
 */
export function summarizeExactMatch(examples: Iterable<ScoredExample>): ExactMatchSummary {
  type Acc = { acc: number; accCount: number; rec: number; recCount: number };
  const levels = new Map<SummaryLevel, { count: number; exact: number; parts: Map<PartialType, Acc> }>();
  for (const level of SUMMARY_LEVELS) {
    levels.set(level, { count: 0, exact: 0, parts: new Map(PARTIAL_TYPES.map((t) => [t, { acc: 0, accCount: 0, rec: 0, recCount: 0 }])) });
  }
  for (const ex of examples) {
    for (const level of [ex.hardness, 'all'] as const) {
      const l = levels.get(level)!;
      l.count++;
      l.exact += ex.em;
      for (const t of PARTIAL_TYPES) {
        const s = ex.partial[t];
        const a = l.parts.get(t)!;
        if (s.predTotal > 0) {
          a.acc += s.acc;
          a.accCount++;
        }
        if (s.labelTotal > 0) {
          a.rec += s.rec;
          a.recCount++;
        }
      }
    }
  }
  const out = {} as Record<SummaryLevel, LevelSummary>;
  for (const [level, l] of levels) {
    const partial = {} as Record<PartialType, ComponentSummary>;
    for (const [t, a] of l.parts) {
      const acc = a.accCount === 0 ? 0 : a.acc / a.accCount;
      const rec = a.recCount === 0 ? 0 : a.rec / a.recCount;
      // An empty level is skipped by the official code, leaving its sums (all 0) in place.
      const f1 = l.count === 0 ? 0 : acc === 0 && rec === 0 ? 1 : (2 * acc * rec) / (acc + rec);
      partial[t] = { acc, rec, f1 };
    }
    out[level] = { count: l.count, exact: l.count === 0 ? 0 : l.exact / l.count, partial };
  }
  return out;
}
