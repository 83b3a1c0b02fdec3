import fs from 'node:fs';
import path from 'node:path';
import { prepareOutDir, type PreparedOutDir } from '../data/prepareOutDir.ts';
import type { EvaluationReport } from './evaluationReport.ts';

/** The files a report is written to, inside its folder. */
export function reportFiles(dir: string): { readonly verdicts: string; readonly summary: string } {
  return { verdicts: path.join(dir, 'verdicts.jsonl'), summary: path.join(dir, 'summary.json') };
}

/**
 * Makes sure a report can be written to `dir` before any scoring starts (data/prepareOutDir):
 * an InputError naming the path when it cannot. `discard` removes the folders made here (if
 * still empty) when no report follows.
 */
export function prepareReportDir(dir: string): PreparedOutDir {
  return prepareOutDir(dir, Object.values(reportFiles(dir)).map((f) => path.basename(f)));
}

/** Writes `verdicts.jsonl` (one line per example) and `summary.json`, each whole or not at all. */
export function writeEvaluationReport(dir: string, report: EvaluationReport): { readonly verdicts: string; readonly summary: string } {
  const files = reportFiles(dir);
  fs.mkdirSync(dir, { recursive: true });
  writeAtomically(files.verdicts, report.verdicts.map((v) => JSON.stringify(v)).join('\n') + '\n');
  writeAtomically(files.summary, JSON.stringify(report.summary, null, 2) + '\n');
  return files;
}

function writeAtomically(file: string, body: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, body);
  fs.renameSync(tmp, file);
}
