import type { ExecLimits, ExecOutcome } from './ExecOutcome.ts';
import { ResultMeter } from './_internals/resultMeter.ts';

/**
 * An outcome kept from an earlier run (gold cache), judged by this run's limits as the pool
 * judges a fresh one: rows over the row or byte limit become the same `too_large` outcome the
 * query process gives, and an outcome that took longer than the time limit a `timeout`. So a
 * warm cache gives the verdict a cold one gives.
 */
export function withinLimits(outcome: ExecOutcome, limits: ExecLimits): ExecOutcome {
  if (outcome.kind !== 'rows' && outcome.kind !== 'error') return outcome;
  if (outcome.ms > limits.timeoutMs) return { kind: 'timeout', ms: outcome.ms, limitMs: limits.timeoutMs };
  if (outcome.kind === 'error') return outcome;
  const meter = new ResultMeter(limits.maxRows, limits.maxBytes);
  for (const row of outcome.rows) {
    const reason = meter.add(row);
    if (reason) return { kind: 'too_large', reason, ms: outcome.ms };
  }
  return outcome;
}
