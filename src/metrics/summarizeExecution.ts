import { EXEC_REASONS, type ExecReason, type ExecVerdict } from './ExecVerdict.ts';

export interface ExecutionSummary {
  readonly n: number;
  readonly correct: number;
  /** Execution accuracy, correct / n (gold errors count as not correct). */
  readonly ex: number;
  readonly reasons: Readonly<Record<ExecReason, number>>;
}

export function summarizeExecution(verdicts: readonly ExecVerdict[]): ExecutionSummary {
  const reasons = Object.fromEntries(EXEC_REASONS.map((r) => [r, 0])) as Record<ExecReason, number>;
  for (const v of verdicts) reasons[v.reason]++;
  const correct = reasons.match;
  return { n: verdicts.length, correct, ex: verdicts.length === 0 ? 0 : correct / verdicts.length, reasons };
}
