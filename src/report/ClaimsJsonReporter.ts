import fs from 'node:fs';
import path from 'node:path';
import type { ClaimRecord } from '../claims/claimRecord.ts';
import type { RunSummary } from '../claims/ClaimResult.ts';
import { DEFAULTS, holm } from '../stats/index.ts';
import { t2sqlVersion } from '../version.ts';

interface TestCaseLike {
  meta(): { claim?: ClaimRecord };
  result(): { state: string };
  fullName: string;
  module: { moduleId: string };
}

/** A claim as written to the results file: its record, its test, and the run-wide Holm correction. */
export type ReportedClaim = ClaimRecord & {
  test: string;
  file: string;
  state: string;
  /** Holm over every confirmatory gating claim of the run (null for the others). */
  global: { adjustedP: number; survives: boolean } | null;
};

/** What produced each run's verdicts, once per run (hashes of predictions and gold, evaluator). */
export type RunProvenance = Pick<RunSummary, 'label' | 'n' | 'clusters' | 'source'>;

/** The results file. */
export interface ClaimsReport {
  tool: 't2sql';
  version: string;
  createdAt: string;
  /** Holm within each family decides a test; this is Holm over all the run's confirmatory claims at once. */
  globalCorrection: { method: 'holm'; alpha: number; claims: number; surviving: number; notSurviving: string[] };
  runs: Record<string, RunProvenance>;
  claims: ReportedClaim[];
}

/**
 * Adds the run-wide Holm correction and each run's provenance to the claims of a run. Throws
 * when the claims in that correction come from families with different alphas: one Holm needs
 * one level, and taking any one family's would judge the others at a level they did not state.
 */
export function claimsReport(records: readonly (ClaimRecord & { test: string; file: string; state: string })[], version: string, createdAt: string): ClaimsReport {
  const inFamily = records.flatMap((r, i) => (r.role === 'confirmatory' && r.gating && r.refused === null && r.pValue !== null ? [i] : []));
  const alphas = [...new Set(inFamily.map((i) => records[i]!.alpha))];
  if (alphas.length > 1) {
    const byFamily = [...new Set(inFamily.map((i) => `${records[i]!.family}: alpha ${records[i]!.alpha}`))];
    throw new Error(`Holm over every claim of the run needs one alpha, but the families use ${alphas.length} (${byFamily.join('; ')}): give every family the same alpha`);
  }
  const alpha = alphas[0] ?? records[0]?.alpha ?? DEFAULTS.alpha;
  const adjusted = inFamily.length > 0 ? holm(inFamily.map((i) => records[i]!.pValue!), { alpha }).adjusted : [];
  const global = new Map(inFamily.map((i, k) => [i, { adjustedP: adjusted[k]!, survives: adjusted[k]! <= alpha && records[i]!.holds }]));
  const claims = records.map((r, i) => ({ ...r, global: global.get(i) ?? null }));
  const runs: Record<string, RunProvenance> = {};
  for (const r of records) for (const run of r.runs) runs[run.run] ??= { label: run.label, n: run.n, clusters: run.clusters, source: run.source };
  const notSurviving = claims.filter((c) => c.global !== null && !c.global.survives).map((c) => `${c.family}: ${c.statement}`);
  return {
    tool: 't2sql',
    version,
    createdAt,
    globalCorrection: { method: 'holm', alpha, claims: inFamily.length, surviving: inFamily.length - notSurviving.length, notSurviving },
    runs,
    claims,
  };
}

/**
 * vitest reporter: collects every claim's numbers (set by claimSuite in the test's meta) and
 * writes them, with their pass/fail state, the run-wide Holm correction and the provenance of
 * every run, to one JSON file for the report.
 */
export default class ClaimsJsonReporter {
  private readonly records: (ClaimRecord & { test: string; file: string; state: string })[] = [];

  constructor(private readonly outputFile = 'reports/ladder-results.json') {}

  onTestCaseResult(testCase: TestCaseLike): void {
    const claim = testCase.meta().claim;
    if (!claim) return;
    this.records.push({ ...claim, test: testCase.fullName, file: path.relative(process.cwd(), testCase.module.moduleId), state: testCase.result().state });
  }

  onTestRunEnd(): void {
    if (this.records.length === 0) return;
    fs.mkdirSync(path.dirname(this.outputFile), { recursive: true });
    const body = claimsReport(this.records, t2sqlVersion(), new Date().toISOString());
    fs.writeFileSync(this.outputFile, JSON.stringify(body, null, 2) + '\n');
  }
}
