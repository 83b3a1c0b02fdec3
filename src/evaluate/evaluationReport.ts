import type { ExecReason, ExecVerdict } from '../metrics/ExecVerdict.ts';
import type { ExactMatchVerdict } from '../metrics/exactMatch.ts';
import { SUMMARY_LEVELS, type SummaryLevel } from '../metrics/partialScores.ts';
import type { EvaluationResult } from './evaluateRun.ts';
import type { SuiteSummary } from './suiteDatabases.ts';

/** Execution accuracy (and exact match, when scored) of the examples of one hardness level. */
export interface HardnessRow {
  readonly level: SummaryLevel;
  readonly count: number;
  readonly ex: number;
  readonly em: number | null;
}

/** One line of `verdicts.jsonl`: the example's EX verdict, its reason's details, and EM fields. */
export type VerdictRecord = Readonly<Record<string, unknown>> & {
  readonly index: number;
  readonly db_id: string;
  readonly verdict: 0 | 1;
  readonly reason: ExecReason;
};

/** What `t2sql eval` reports and writes: summary.json and verdicts.jsonl, as data. */
export interface EvaluationReport {
  /** The content of summary.json. */
  readonly summary: Readonly<Record<string, unknown>>;
  readonly verdicts: readonly VerdictRecord[];
  /** Per hardness level (when exact match was scored; else only 'all'). */
  readonly byHardness: readonly HardnessRow[];
  /**
   * Examples that could not be scored at all (a query process that would not start or died):
   * a report that holds any is not a score and must be reported as a failure.
   */
  readonly unavailable: number;
}

/** Builds the report of an evaluation (a library caller writes the same files as `t2sql eval`). */
export function buildEvaluationReport(result: EvaluationResult, run: { readonly wallMs: number }): EvaluationReport {
  const em = result.exactMatch;
  const levels: readonly SummaryLevel[] = em ? SUMMARY_LEVELS : ['all'];
  const byHardness = levels.map((level): HardnessRow => {
    const chosen = result.verdicts.filter((v) => {
      const e = em?.verdicts[v.index];
      return level === 'all' || (e?.kind === 'scored' && e.hardness === level);
    });
    const correct = chosen.filter((v) => v.correct).length;
    return { level, count: chosen.length, ex: chosen.length ? correct / chosen.length : 0, em: em ? em.summary[level].exact : null };
  });
  const summary = {
    ...result.summary,
    ...(em ? { em: em.summary.all.exact, by_hardness: byHardness, partial: em.summary, gold_unparseable: em.goldUnparseable } : {}),
    compat: result.compat,
    suite: suiteFields(result.suite),
    tie_dependent: result.tieDependent,
    gold_errors: result.verdicts.flatMap((v) => (v.reason === 'gold_error' ? [{ index: v.index, db_id: v.dbId, message: v.message }] : [])),
    wall_ms: run.wallMs,
    provenance: result.provenance,
  };
  const ties = new Set(result.tieDependent);
  const verdicts = result.verdicts.map((v) => verdictRecord(v, em?.verdicts[v.index], ties.has(v.index)));
  return { summary, verdicts, byHardness, unavailable: result.unavailable.length };
}

/** summary.json's `suite`: the mode, the generator and seed, EX on the original database beside the suite's. */
function suiteFields(s: SuiteSummary): Record<string, unknown> {
  return {
    mode: s.mode,
    generator_version: s.generatorVersion,
    seed: s.seed,
    ex_original: s.exOriginal,
    correct_original: s.correctOriginal,
    ex_suite: s.exSuite,
    correct_suite: s.correctSuite,
    changed: s.changed.length,
    changed_examples: s.changed,
    extra_databases: s.extraDatabases,
  };
}

function verdictRecord(v: ExecVerdict, em: ExactMatchVerdict | undefined, tieDependent: boolean): VerdictRecord {
  return {
    index: v.index,
    db_id: v.dbId,
    verdict: v.correct ? 1 : 0,
    reason: v.reason,
    ...reasonDetails(v),
    ms: Math.round(v.ms * 1000) / 1000,
    ...(tieDependent ? { tie_dependent: true } : {}),
    ...emFields(em),
  };
}

/** What each reason carries beyond the verdict, by the verdict's type (never its message text). */
function reasonDetails(v: ExecVerdict): Record<string, string | number> {
  const on = (database: string | undefined): Record<string, string> => (database !== undefined ? { database } : {});
  switch (v.reason) {
    case 'match':
      return {};
    case 'mismatch':
      return on(v.database);
    case 'timeout':
      return { message: v.message, limit_ms: v.limitMs, ...on(v.database) };
    case 'compare_budget':
      return { steps: v.steps, ...on(v.database) };
    case 'pred_error':
    case 'too_large':
    case 'gold_error':
    case 'unavailable':
      return { message: v.message, ...on(v.database) };
  }
}

function emFields(v: ExactMatchVerdict | undefined): Record<string, unknown> {
  if (!v) return {};
  if (v.kind === 'gold-unparseable') return { hardness: null, em: null, gold_parse_error: v.error };
  return { hardness: v.hardness, em: v.em, ...(v.predParse === 'ok' ? {} : { pred_parse_error: v.predParse.error }) };
}
