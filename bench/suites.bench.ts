// npm run bench:suites — generated test suites for Spider dev golds with a fixed seed: the time
// to build them cold, to read them back from the cache, and what they catch (neighbour queries
// told apart by the original database, by the suite, and still alive). The baseline measured
// in the same run is the least any suite build must do: every neighbour query scored once on
// the original database.
//
//   BENCH_GOLDS=1034 npm run bench:suites   # every dev gold (default: every 10th, 104 golds)
//   BENCH_SEED=1 npm run bench:suites       # another seed (default 0)
//   BENCH_SETS=dailsql-gpt4,codes-7b-sft npm run bench:suites   # published sets scored on the
//       original database alone and with the suites (default: these two; '' for none)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readGoldFile } from '../src/data/goldFile.ts';
import { readPredictionFile } from '../src/data/predictionFile.ts';
import { scoreExecution } from '../src/metrics/scoreExecution.ts';
import { resolveDataRoot } from '../src/data/dataRoot.ts';
import { publishedSetPaths, spiderPaths } from '../src/data/spiderPaths.ts';
import { SqlitePool } from '../src/sql/SqlitePool.ts';
import { exampleSuites } from '../src/suites/exampleSuites.ts';
import { separates } from '../src/suites/separates.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);
const sets = (process.env.BENCH_SETS ?? 'dailsql-gpt4,codes-7b-sft').split(',').filter((s) => s !== '');
const wanted = Number(process.env.BENCH_GOLDS ?? 104);
const seed = Number(process.env.BENCH_SEED ?? 0);
const gold = readGoldFile(paths.devGold);
const step = Math.max(1, Math.floor(gold.length / wanted));
const examples = gold
  .filter((_, i) => i % step === 0)
  .slice(0, wanted)
  .map((g) => ({ index: g.index, dbId: g.dbId, gold: g.sql, databaseFile: paths.database(g.dbId) }));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-bench-suites-'));
const pool = new SqlitePool();
pool.warmUp();
console.log(`t2sql bench:suites — ${examples.length} dev golds, seed ${seed}, ${pool.size} worker process(es), ${os.availableParallelism()} cores\n`);

try {
  const t0 = performance.now();
  const cold = await exampleSuites(examples, dir, pool, { seed });
  const coldMs = performance.now() - t0;
  const t1 = performance.now();
  const warm = await exampleSuites(examples, dir, pool, { seed });
  const warmMs = performance.now() - t1;

  // Baseline: each neighbour scored once on the original database (a fresh memo, no suite).
  const t2 = performance.now();
  await Promise.all(
    examples.map((e) => {
      const m = cold.get(e.index)!.manifest;
      const memo = new Map();
      return Promise.all(m.neighbours.map((n) => separates(`${e.databaseFile}`, e.gold, n.sql, { executor: pool, memo })));
    }),
  );
  const baselineMs = performance.now() - t2;

  const manifests = [...cold.values()].map((s) => s.manifest);
  const sum = (f: (m: (typeof manifests)[number]) => number) => manifests.reduce((n, m) => n + f(m), 0);
  const neighbours = sum((m) => m.counts.neighbours);
  const byOriginal = sum((m) => m.counts.killedByOriginal);
  const bySuite = sum((m) => m.counts.killedBySuite);
  const alive = sum((m) => m.counts.alive);
  const dbs = sum((m) => m.databases.length);
  const statuses = new Map<string, number>();
  for (const m of manifests) statuses.set(m.neighbourStatus, (statuses.get(m.neighbourStatus) ?? 0) + 1);
  const pct = (n: number) => `${((100 * n) / Math.max(1, neighbours)).toFixed(1)}%`;
  console.log(`cold build     : ${(coldMs / 1000).toFixed(1)} s  (${(coldMs / examples.length).toFixed(0)} ms a gold; all 1034 at this rate ≈ ${((coldMs / examples.length) * 1034 / 60000).toFixed(1)} min, target < 5 min)`);
  console.log(`cached read    : ${(warmMs / 1000).toFixed(2)} s  (${[...warm.values()].filter((s) => s.cached).length}/${examples.length} from the cache)`);
  console.log(`baseline       : ${(baselineMs / 1000).toFixed(1)} s  (every neighbour once on the original database); cold / baseline = ${(coldMs / baselineMs).toFixed(1)}x`);
  console.log(`golds          : ${[...statuses].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`neighbours     : ${neighbours}; told apart by the original database ${byOriginal} (${pct(byOriginal)}), by the generated suite ${bySuite} (${pct(bySuite)}), alive ${alive} (${pct(alive)})`);
  console.log(`databases kept : ${dbs} (${(dbs / examples.length).toFixed(2)} a gold); candidates left out: gold failed ${sum((m) => m.counts.goldError)}, gold depends on row or tie order ${sum((m) => m.counts.unstable)}`);

  // What the suites change: each set's EX on the original database alone and with the suite.
  for (const set of sets) {
    const predictions = readPredictionFile(publishedSetPaths(root, set).pred, { gold });
    const t3 = performance.now();
    const verdicts = await Promise.all(
      examples.map(async (e) => {
        const example = { index: e.index, dbId: e.dbId, gold: e.gold, pred: predictions[e.index]?.sql ?? '' };
        const original = await scoreExecution(example, { executor: pool, databases: () => [e.databaseFile] });
        const suite = await scoreExecution(example, { executor: pool, databases: () => [e.databaseFile, ...cold.get(e.index)!.files] });
        return { index: e.index, original: original.correct, suite: suite.correct };
      }),
    );
    const lost = verdicts.filter((v) => v.original && !v.suite).map((v) => v.index);
    const gained = verdicts.filter((v) => !v.original && v.suite).length;
    const ex = (f: (v: (typeof verdicts)[number]) => boolean) => ((100 * verdicts.filter(f).length) / verdicts.length).toFixed(1);
    console.log(`${set.padEnd(22)} EX original ${ex((v) => v.original)}%  with suites ${ex((v) => v.suite)}%  accepted predictions lost ${lost.length} (e.g. ${lost.slice(0, 4).join(', ') || '-'}), gained ${gained}  (${((performance.now() - t3) / 1000).toFixed(1)} s)`);
  }
} finally {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
