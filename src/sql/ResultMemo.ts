import type { ExecOutcome } from './ExecOutcome.ts';
import { isDeterministic } from './FileGoldCache.ts';

/**
 * In-memory results of queries already run in this process, shared across prediction sets
 * (systems often emit the same SQL for a question). Bounded by cells held; least recently
 * used entries go first. Only rows and SQL errors are kept (see FileGoldCache.isDeterministic).
 */
export class ResultMemo {
  private readonly map = new Map<string, { outcome: ExecOutcome; cells: number }>();
  private cells = 0;
  hits = 0;

  constructor(private readonly maxCells = 5_000_000) {}

  get(dbPath: string, sql: string): ExecOutcome | undefined {
    const key = dbPath + '\u0000' + sql;
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    this.hits++;
    return entry.outcome;
  }

  set(dbPath: string, sql: string, outcome: ExecOutcome): void {
    if (!isDeterministic(outcome)) return;
    const cells = outcome.kind === 'rows' ? outcome.rows.reduce((n, r) => n + r.length, 1) : 1;
    if (cells > this.maxCells / 10) return;
    const key = dbPath + '\u0000' + sql;
    const old = this.map.get(key);
    if (old) this.cells -= old.cells;
    this.map.set(key, { outcome, cells });
    this.cells += cells;
    for (const [k, e] of this.map) {
      if (this.cells <= this.maxCells) break;
      this.map.delete(k);
      this.cells -= e.cells;
    }
  }
}
