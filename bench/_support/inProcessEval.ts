// Benchmark baseline only: the CLI's scoring with the queries run in this very process, with
// no query processes, no time limit and no tamper-proofing. It answers "what would the pool
// cost if it cost nothing?"; never use it to score anything.
//
//   node <bundle of this file> DATA_ROOT PRED_FILE GOLD_CACHE_DIR METRICS
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { evaluateRun, type Metric } from '../../src/evaluate/evaluateRun.ts';
import type { PyValue } from '../../src/sql/PyValue.ts';
import { checkPair } from '../../src/sql/checkPair.ts';
import { DEFAULT_EXEC_LIMITS, type ExecOutcome, type SqlExecutor } from '../../src/sql/ExecOutcome.ts';
import { FileGoldCache } from '../../src/sql/FileGoldCache.ts';
import { ResultMemo } from '../../src/sql/ResultMemo.ts';

const [dataRoot, predictionFile, cacheDir, metrics] = process.argv.slice(2) as [string, string, string, string];
const open = new Map<string, Database.Database>();

function run(dbPath: string, sql: string): ExecOutcome {
  const t0 = performance.now();
  let db = open.get(dbPath);
  if (!db) {
    db = new Database(fs.readFileSync(dbPath));
    db.defaultSafeIntegers(true);
    db.pragma('foreign_keys = OFF');
    open.set(dbPath, db);
  }
  try {
    const stmt = db.prepare(sql);
    const rows: PyValue[][] = [];
    if (stmt.reader) for (const row of stmt.raw(true).iterate() as Iterable<PyValue[]>) rows.push(row);
    return { kind: 'rows', rows, ms: performance.now() - t0 };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message, ms: performance.now() - t0 };
  }
}

// Pairs are checked by the query processes' own code (checkPair), here in this process.
const memo = new ResultMemo(2_000_000);
const executor: SqlExecutor = {
  limits: DEFAULT_EXEC_LIMITS,
  execute: async (dbPath, sql) => run(dbPath, sql),
  check: async (pair) => checkPair(pair, DEFAULT_EXEC_LIMITS, run, memo),
  close: async () => undefined,
};
const result = await evaluateRun({
  dataRoot,
  predictionFile,
  executor,
  goldCache: new FileGoldCache(cacheDir),
  metrics: metrics.split(',') as Metric[],
});
process.stdout.write(`${JSON.stringify({ ex: result.summary.ex, em: result.exactMatch?.summary.all.exact ?? null })}\n`);
