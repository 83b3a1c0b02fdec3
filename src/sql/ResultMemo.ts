import { isCacheable, type ExecOutcome } from './ExecOutcome.ts';

/** Query outcomes shared between the examples (and runs) that ask for the same query. */
export interface SharedResults {
  run(dbPath: string, sql: string, execute: () => Promise<ExecOutcome>): Promise<ExecOutcome>;
}

/**
 * In-memory results of queries already run in this process, shared across the examples of a
 * run (Spider asks most questions twice, and a system often answers both with the same SQL)
 * and across prediction sets. Bounded by cells held; least recently
 * used entries go first. Only rows and SQL errors are kept (`isCacheable`).
 * Keys ignore execution limits: share one memo only between runs with the same limits.
 */
export class ResultMemo implements SharedResults {
  private readonly map = new Map<string, { outcome: ExecOutcome; cells: number }>();
  /** Queries running now: a second identical query waits for the first instead of running. */
  private readonly running = new Map<string, Promise<ExecOutcome>>();
  private cells = 0;
  hits = 0;

  constructor(private readonly maxCells = 5_000_000) {}

  /**
   * The outcome of `sql` on `dbPath`: remembered, shared with an identical query still running,
   * or produced by `execute` (and remembered if deterministic). Shared outcomes cost 0 ms.
   */
  run(dbPath: string, sql: string, execute: () => Promise<ExecOutcome>): Promise<ExecOutcome> {
    const known = this.get(dbPath, sql);
    if (known) return Promise.resolve({ ...known, ms: 0 });
    const key = dbPath + '\u0000' + sql;
    const running = this.running.get(key);
    if (running) {
      this.hits++;
      return running.then((outcome) => ({ ...outcome, ms: 0 }));
    }
    const pending = execute();
    this.running.set(key, pending);
    pending.then(
      (outcome) => {
        this.running.delete(key);
        this.set(dbPath, sql, outcome);
      },
      () => this.running.delete(key), // the caller sees the rejection; nothing to remember
    );
    return pending;
  }

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
    if (!isCacheable(outcome)) return;
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
