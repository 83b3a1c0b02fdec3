import type { GoldResultCache } from '../../src/metrics/ExecutionEnv.ts';
import { isCacheable, type ExecOutcome } from '../../src/sql/ExecOutcome.ts';

/** A gold cache that lives for one spec file (no disk), counting hits. */
export function memoryGoldCache(): GoldResultCache & { hits: number } {
  const map = new Map<string, ExecOutcome>();
  const cache = {
    hits: 0,
    get(dbPath: string, sql: string) {
      const hit = map.get(dbPath + '\u0000' + sql);
      if (hit) cache.hits++;
      return hit;
    },
    set(dbPath: string, sql: string, outcome: ExecOutcome) {
      if (isCacheable(outcome)) map.set(dbPath + '\u0000' + sql, outcome);
    },
  };
  return cache;
}
