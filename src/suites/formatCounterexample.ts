import type { ExecOutcome } from '../sql/ExecOutcome.ts';
import type { CellValue } from './DatabaseShape.ts';
import type { CounterexampleReport } from './counterexampleReport.ts';
import { sqlLiteral } from './_internals/sqlLiteral.ts';

/**
 * A counterexample as text: the database as SQL statements, then the gold's and the
 * prediction's results side by side (one row per line, `(no row)` where one result is shorter).
 */
export function formatCounterexample(report: CounterexampleReport): string {
  const left = resultLines(report.gold.outcome);
  const right = resultLines(report.pred.outcome);
  const width = Math.max(4, ...left.map((l) => l.length));
  const lines = [`-- gold: ${report.gold.sql}`, `-- pred: ${report.pred.sql}`, ...report.statements, ''];
  lines.push(`${'gold'.padEnd(width)} | pred${report.orderMatters ? '   (row order compared)' : ''}`);
  lines.push(`${'-'.repeat(width)}-+-${'-'.repeat(Math.max(4, ...right.map((l) => l.length)))}`);
  for (let i = 0; i < Math.max(left.length, right.length); i++) lines.push(`${(left[i] ?? '').padEnd(width)} | ${right[i] ?? ''}`.trimEnd());
  return lines.join('\n') + '\n';
}

function resultLines(outcome: ExecOutcome): string[] {
  switch (outcome.kind) {
    case 'rows':
      return outcome.rows.length === 0 ? ['(no rows)'] : outcome.rows.map((r) => r.map((v) => sqlLiteral(v as CellValue)).join(', '));
    case 'error':
    case 'crashed':
    case 'unavailable':
      return [`${outcome.kind}: ${outcome.message}`];
    case 'timeout':
      return [`timed out after ${outcome.limitMs} ms`];
    case 'too_large':
      return [`too large: ${outcome.reason}`];
  }
}
