// Target lines for benchmarks: a measured time beside the target, met or not, and the
// machine's load average (the bench machine is shared, so every number is read against it).
import os from 'node:os';

export interface TargetResult {
  readonly name: string;
  readonly measuredMs: number;
  readonly targetMs: number;
  /** Why the target is not judged (e.g. a partial run); judged when undefined. */
  readonly notJudged?: string;
}

const seconds = (ms: number): string => (ms >= 60_000 ? `${(ms / 60_000).toFixed(2)} min (${(ms / 1000).toFixed(1)} s)` : `${(ms / 1000).toFixed(2)} s`);

/** `name: measured vs target < T: met | NOT MET | not judged (why)`. */
export function targetLine(t: TargetResult): string {
  const verdict = t.notJudged !== undefined ? `not judged (${t.notJudged})` : t.measuredMs < t.targetMs ? 'met' : 'NOT MET';
  return `${t.name.padEnd(46)} ${seconds(t.measuredMs).padEnd(20)} target < ${seconds(t.targetMs).padEnd(12)} ${verdict}`;
}

/** The 1, 5 and 15 minute load averages with the core count, for a line of output. */
export function loadLine(): string {
  return `${os.loadavg().map((x) => x.toFixed(2)).join(' / ')} (1/5/15 min) on ${os.availableParallelism()} cores`;
}
