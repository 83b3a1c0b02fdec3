import type { EvaluatedRun } from '../evaluate/EvaluatedRun.ts';
import { HARDNESS_LEVELS, type Hardness } from '../metrics/hardness.ts';
import type { ParserSchema } from '../sql/parse/ParserSchema.ts';
import { bootstrapAccuracy, clusterBootstrapAccuracy, DEFAULTS, wilsonInterval } from '../stats/index.ts';
import type { DevExample } from './devExamples.ts';
import { categorizeExample, ERROR_CATEGORIES, type ErrorCategory } from './errorCategory.ts';
import type { Accuracy, SystemResult } from './ReportData.ts';

export type SystemMeta = Pick<SystemResult, 'name' | 'model' | 'size' | 'condition' | 'section' | 'slice' | 'origin'>;

/** Parameters in billions from a published size (`220M` → 0.22, `7B` → 7); null for `API`. */
export function paramsOf(size: string): number | null {
  const m = /^([\d.]+)\s*([MB])$/i.exec(size.trim());
  if (!m) return null;
  return Number(m[1]) * (m[2]!.toUpperCase() === 'M' ? 1e-3 : 1);
}

/** Accuracy of k of n with its Wilson 95% interval (n = 0: accuracy 0, interval [0, 1]). */
export function wilsonAccuracy(correct: number, n: number): Accuracy {
  if (n === 0) return { n, correct, accuracy: 0, ci: [0, 1] };
  return { n, correct, accuracy: correct / n, ci: wilsonInterval(correct, n, DEFAULTS.confidence).ci };
}

/**
 * A system's numbers from its verdicts and predictions: EX with the claims' bootstrap interval
 * (same seed and resamples, so the same interval `t2sql compare` and the claims print), per
 * hardness and per database, and the error category of each incorrect example.
 */
export function systemResult(
  meta: SystemMeta,
  run: EvaluatedRun,
  /** By split index. */
  predictions: readonly string[],
  dev: readonly DevExample[],
  schema: (dbId: string) => ParserSchema,
  /** The same predictions scored on generated test suites (same examples), if any. */
  suiteRun: EvaluatedRun | null = null,
): { result: SystemResult; categories: (ErrorCategory | null)[] } {
  const opts = { seed: DEFAULTS.seed, resamples: DEFAULTS.resamples, confidence: DEFAULTS.confidence };
  const q = bootstrapAccuracy(run.correct, opts);
  const d = clusterBootstrapAccuracy(run.correct, run.dbIds, opts);
  const byHardness = Object.fromEntries(HARDNESS_LEVELS.map((h) => [h, { n: 0, correct: 0 }])) as Record<Hardness, { n: number; correct: number }>;
  const databases: Record<string, { n: number; correct: number }> = {};
  const errors = Object.fromEntries(ERROR_CATEGORIES.map((c) => [c, 0])) as Record<ErrorCategory, number>;
  const reasons: Record<string, number> = {};
  const categories: (ErrorCategory | null)[] = [];
  for (let i = 0; i < run.n; i++) {
    const ex = dev[run.indices[i]!]!;
    const ok = run.correct[i]!;
    if (ex.hardness) {
      byHardness[ex.hardness].n++;
      byHardness[ex.hardness].correct += ok;
    }
    const db = (databases[ex.dbId] ??= { n: 0, correct: 0 });
    db.n++;
    db.correct += ok;
    const reason = run.reasons[i]!;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
    let category: ErrorCategory | null = null;
    if (!ok) {
      category = categorizeExample(reason, predictions[run.indices[i]!] ?? '', ex.goldSql, schema(ex.dbId));
      if (category) errors[category]++;
    }
    categories.push(category);
  }
  const sortedDb = Object.fromEntries(Object.entries(databases).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const sortedReasons = Object.fromEntries(Object.entries(reasons).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    result: {
      ...meta,
      params: paramsOf(meta.size),
      ex: { n: q.n, correct: q.correct, accuracy: q.accuracy, ci: q.ci },
      exSuite: suiteRun ? suiteAccuracy(run, suiteRun, opts) : null,
      exDatabasesCi: d.ci,
      hardness: Object.fromEntries(HARDNESS_LEVELS.map((h) => [h, wilsonAccuracy(byHardness[h].correct, byHardness[h].n)])) as Record<Hardness, Accuracy>,
      databases: sortedDb,
      errors,
      reasons: sortedReasons,
      provenance: { ...run.source },
    },
    categories,
  };
}

function suiteAccuracy(run: EvaluatedRun, suite: EvaluatedRun, opts: { seed: number; resamples: number; confidence: number }): Accuracy & { changed: number } {
  if (suite.n !== run.n) throw new RangeError(`${run.name}: ${suite.n} test-suite verdicts for ${run.n} examples`);
  const b = bootstrapAccuracy(suite.correct, opts);
  let changed = 0;
  for (let i = 0; i < run.n; i++) if (run.correct[i] && !suite.correct[i]) changed++;
  return { n: b.n, correct: b.correct, accuracy: b.accuracy, ci: b.ci, changed };
}
