import path from 'node:path';
import type { EvaluationResult } from '../../evaluate/evaluateRun.ts';
import type { EvaluationReport, HardnessRow } from '../../evaluate/evaluationReport.ts';
import { EXEC_REASONS } from '../../metrics/ExecVerdict.ts';
import { PARTIAL_TYPES, SUMMARY_LEVELS } from '../../metrics/partialScores.ts';

/** The table `t2sql eval` prints: EX, EM, reasons, provenance, then the official layout. */
export function evalTable(result: EvaluationResult, report: EvaluationReport, run: { predLabel: string; split: string; wallMs: number }): string[] {
  const s = result.summary;
  const em = result.exactMatch;
  const pct = (x: number) => (100 * x).toFixed(1).padStart(5) + '%';
  const p = result.provenance;
  const rows = [
    `t2sql eval  ${path.basename(run.predLabel)}  (${run.split}, n=${s.n}, compat=${result.compat.mode}, t2sql ${p.version})`,
    '',
    `  EX                 ${pct(s.ex)}   (${s.correct}/${s.n})`,
    ...(em ? [`  EM                 ${pct(em.summary.all.exact)}   (exact set match${em.goldUnparseable ? `; ${em.goldUnparseable} gold queries unparseable` : ''})`] : []),
    `  EX official/strict ${pct(result.compat.official)} / ${pct(result.compat.strict)}   (${result.compat.differing.length} verdicts differ)`,
    ...suiteLines(result.suite, pct),
    ...(result.tieDependent.length ? [`  tie-dependent      ${result.tieDependent.length} verdicts may rest on how ORDER BY ties are broken (tie_dependent in verdicts.jsonl)`] : []),
    '',
    '  reason          count',
    ...EXEC_REASONS.map((r) => `  ${r.padEnd(14)} ${String(s.reasons[r]).padStart(6)}`),
    '',
    `  gold ${p.gold.sha256.slice(0, 12)}  predictions ${p.predictions?.sha256.slice(0, 12)}  databases ${Object.keys(p.databases).length}  ${(run.wallMs / 1000).toFixed(2)} s`,
  ];
  if (em) rows.push('', ...officialTable(report.byHardness, em.summary));
  return rows;
}

/** The suite mode, its generator and seed, EX on the original database beside test-suite EX. */
function suiteLines(s: EvaluationResult['suite'], pct: (x: number) => string): string[] {
  if (s.mode === 'none') return ['  suite              none (each example on its database alone; --suite generated for test-suite EX)'];
  const what = s.mode === 'generated' ? `generated, ${s.generatorVersion}, seed ${s.seed}` : 'official (every .sqlite of database/<db_id>/)';
  return [
    `  suite              ${what}; ${s.extraDatabases} databases beyond the originals`,
    `  EX original/suite  ${pct(s.exOriginal)} / ${pct(s.exSuite)}   (${s.changed.length} verdicts changed by the suite)`,
  ];
}

/** The official evaluation.py layout: count, EX and EM per hardness, then partial scores. */
function officialTable(byLevel: readonly HardnessRow[], summary: NonNullable<EvaluationResult['exactMatch']>['summary']): string[] {
  const cell = (x: string | number) => String(x).padEnd(21);
  const f = (x: number) => x.toFixed(3);
  const partial = (kind: 'acc' | 'rec' | 'f1') => PARTIAL_TYPES.map((t) => cell(t) + SUMMARY_LEVELS.map((l) => cell(f(summary[l].partial[t][kind]))).join(''));
  return [
    ' '.repeat(21) + SUMMARY_LEVELS.map((l) => cell(l)).join(''),
    cell('count') + byLevel.map((b) => cell(b.count)).join(''),
    '=====================   EXECUTION ACCURACY     =====================',
    cell('execution') + byLevel.map((b) => cell(f(b.ex))).join(''),
    '====================== EXACT MATCHING ACCURACY =====================',
    cell('exact match') + byLevel.map((b) => cell(f(b.em ?? 0))).join(''),
    '---------------------PARTIAL MATCHING ACCURACY----------------------',
    ...partial('acc'),
    '---------------------- PARTIAL MATCHING RECALL ----------------------',
    ...partial('rec'),
    '---------------------- PARTIAL MATCHING F1 --------------------------',
    ...partial('f1'),
  ];
}
