import { isCacheable, type ExecOutcome, type PairOutcome } from './ExecOutcome.ts';

/** What a memo holds: query outcomes, or the checks of (gold, prediction) pairs. */
export type Memoized = ExecOutcome | PairOutcome;

/** Outcomes shared between the examples (and runs) that ask for the same query or pair. */
export interface SharedResults<T extends Memoized = ExecOutcome> {
  run(scope: string, key: string, execute: () => Promise<T>): Promise<T>;
}

/**
 * Cells an outcome holds, or null if it must not be kept: only facts about (engine, database,
 * query) are (`isCacheable`: rows and SQL errors; a pair check only if every outcome in it is).
 */
function cellsOf(outcome: Memoized): number | null {
  switch (outcome.kind) {
    case 'checked':
      for (const c of outcome.checks) {
        if (!isCacheable(c.gold) || (c.pred && !isCacheable(c.pred))) return null;
      }
      return 1 + outcome.checks.length;
    case 'rows':
      return outcome.rows.reduce((n, r) => n + r.length, 1);
    default:
      return isCacheable(outcome) ? 1 : null;
  }
}

/**
 * In-memory outcomes of what already ran in this process, shared across the examples of a
 * run (Spider asks most questions twice, and a system often answers both with the same SQL)
 * and across prediction sets: query outcomes (keyed by database and SQL; a query process keeps
 * one) or pair checks (keyed by the pair request; the scoring process keeps one). Bounded by
 * cells held; least recently used entries go first. Only facts are kept (`isCacheable`).
 * Keys ignore execution limits: share one memo only between runs with the same limits.
 */
export class ResultMemo<T extends Memoized = ExecOutcome> implements SharedResults<T> {
  private readonly map = new Map<string, { outcome: T; cells: number }>();
  /** Queries running now: a second identical query waits for the first instead of running. */
  private readonly running = new Map<string, Promise<T>>();
  private cells = 0;
  hits = 0;

  constructor(private readonly maxCells = 5_000_000) {}

  /**
   * The outcome of `sql` on `dbPath`: remembered, shared with an identical query still running,
   * or produced by `execute` (and remembered if deterministic). Shared outcomes cost 0 ms.
   */
  run(dbPath: string, sql: string, execute: () => Promise<T>): Promise<T> {
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

  get(dbPath: string, sql: string): T | undefined {
    const key = dbPath + '\u0000' + sql;
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    this.hits++;
    return entry.outcome;
  }

  set(dbPath: string, sql: string, outcome: T): void {
    const cells = cellsOf(outcome);
    if (cells === null || cells > this.maxCells / 10) return;
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
