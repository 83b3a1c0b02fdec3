import path from 'node:path';
import { evaluateRun, type EvaluationResult } from '../../evaluate/evaluateRun.ts';
import { buildEvaluationReport } from '../../evaluate/evaluationReport.ts';
import { SUITE_MODES } from '../../evaluate/suiteDatabases.ts';
import { prepareReportDir, writeEvaluationReport } from '../../evaluate/writeEvaluationReport.ts';
import { homeLayout } from '../../data/homeLayout.ts';
import { FileGoldCache } from '../../sql/FileGoldCache.ts';
import { SqlitePool } from '../../sql/SqlitePool.ts';
import { goldSource, t2sqlHome } from '../_internals/common.ts';
import { evalTable } from '../_internals/evalTables.ts';
import { defineCommand } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';
import { progressBar } from '../_internals/progressBar.ts';

const help = `t2sql eval — score predictions on Spider with execution accuracy (EX), as the official
test-suite evaluator does (evaluation.py --etype exec, default flags).

Usage:
  t2sql eval --pred FILE [--metric ex,em] [--gold FILE] [--split dev|train] [--limit N] [--jobs N]
             [--timeout S] [--compat official|strict] [--keep-distinct] [--out DIR] [--json]
             [--suite none|official|generated] [--suite-seed S]

Options:
  --pred FILE        predictions: one SQL per line in gold order (an optional "\\tdb_id" suffix
                     must match the gold's), or JSONL {"index"|"question_id": n, "sql": "..."}
  --metric LIST      ex (execution accuracy), em (exact set match, with hardness levels and
                     partial-component scores as the official evaluation.py prints them);
                     default: ex,em
  --gold FILE        gold file, "SQL\\tdb_id" per line (default: <data>/spider/<split>_gold.sql)
  --split NAME       dev (default) or train
  --limit N          score only the first N examples (check a partial prediction file)
  --jobs N           SQLite worker processes (default: cores - 1, at least 1; at most 4 per core)
  --timeout S        per-query time limit in seconds, 0.001 to 2147483 (about 24.8 days, what a
                     timer holds); the query's process is killed (default 30)
  --max-rows N       rows kept per result before the verdict is too_large (default 200000,
                     at most 10000000)
  --compat MODE      official (default): every quirk of the official script, so numbers match
                     the literature; strict: no "value"→"1" rewrite, row order only for a
                     top-level ORDER BY, exact Python equality. Both EX are always reported.
  --keep-distinct    do not remove DISTINCT before executing (official --keep_distinct)
  --suite MODE       none (default): each example's database alone, as the literature reports
                     EX; official: every .sqlite in database/<db_id>/ (a distilled test suite
                     unpacked there); generated: the database plus a suite generated for the
                     gold (built once, cached in $T2SQL_HOME/cache/suites). The summary gives
                     EX on the original database beside test-suite EX and the verdicts changed.
  --suite-seed S     the suite generator's seed (default 0)
  --out DIR          write DIR/verdicts.jsonl (one line per example) and DIR/summary.json
                     (checked before scoring starts)
  --json             print the summary as JSON instead of a table
  --no-cache         do not read or write the gold result cache ($T2SQL_HOME/cache/gold)
  --data DIR         data root (else $T2SQL_DATA, ./data, ../shared)

Verdict reasons: match, mismatch, pred_error (with message), timeout, too_large,
compare_budget (the result comparison ran out of steps), gold_error (a gold query that fails:
a dataset error, counted as not correct and listed separately), unavailable (a query process
could not run it: no score is reported and the exit code is 1).
Every summary records the t2sql version, settings, n, and sha256 of the gold file, the
prediction file and each database file used.
`;

export const command = defineCommand({
  name: 'eval',
  summary: 'score predictions: execution accuracy and exact match, as the official evaluator',
  help,
  flags: {
    pred: flag.requiredString('FILE'),
    gold: flag.string(),
    split: flag.choice(['dev', 'train'], 'dev'),
    limit: flag.int({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    jobs: flag.jobs(),
    timeout: flag.seconds({ default: 30 }),
    'max-rows': flag.int({ min: 1, max: 10_000_000 }),
    compat: flag.choice(['official', 'strict'], 'official'),
    'keep-distinct': flag.boolean(),
    out: flag.string(),
    json: flag.boolean(),
    'no-cache': flag.boolean(),
    data: flag.string(),
    metric: flag.list(['ex', 'em'], ['ex', 'em']),
    suite: flag.choice(SUITE_MODES, 'none'),
    'suite-seed': flag.seed(0),
  },
  async run(ctx, v) {
    const gold = goldSource(ctx, v);
    const out = v.out === undefined ? undefined : path.resolve(ctx.cwd, v.out);
    // Checked before any scoring starts: results that cannot be written are not computed.
    const outDir = out ? prepareReportDir(out) : undefined;
    const cache = v['no-cache'] ? undefined : new FileGoldCache(homeLayout(t2sqlHome(ctx)).goldCache);
    const pool = new SqlitePool({ ...(v.jobs ? { size: v.jobs } : {}) });
    const bar = progressBar(ctx.stderr, 'eval');
    const started = Date.now();
    let result: EvaluationResult;
    // The query processes boot (~0.15 s each) while the inputs are read and checked.
    pool.warmUp();
    try {
      result = await evaluateRun({
        ...gold,
        predictionFile: path.resolve(ctx.cwd, v.pred),
        ...(v.limit !== undefined ? { limit: v.limit } : {}),
        metrics: v.metric,
        settings: { compat: v.compat, keepDistinct: v['keep-distinct'], limits: { timeoutMs: v.timeout, ...(v['max-rows'] ? { maxRows: v['max-rows'] } : {}) } },
        executor: pool,
        ...(cache ? { goldCache: cache } : {}),
        concurrency: pool.capacity,
        suite: { mode: v.suite, suitesDir: homeLayout(t2sqlHome(ctx)).suites, seed: v['suite-seed'], onProgress: (done, total) => bar.update(done, total, 'suites') },
        onProgress: (done, total) => bar.update(done, total),
      });
    } catch (err) {
      outDir?.discard();
      throw err;
    } finally {
      bar.done();
      await pool.close();
      cache?.flush();
    }
    const wallMs = Date.now() - started;
    const report = buildEvaluationReport(result, { wallMs });
    if (result.unavailable.length > 0) {
      // Not a score: the installation or the machine failed, so no file is written either.
      outDir?.discard();
      const n = result.unavailable.length;
      ctx.stderr.write(`t2sql eval: ${n} of ${result.summary.n} examples could not be run (${result.unavailable[0]!.message}); no score reported\n`);
      return 1;
    }
    const written = out ? writeEvaluationReport(out, report) : undefined;
    if (v.json) {
      ctx.stdout.write(JSON.stringify(report.summary, null, 2) + '\n');
      return 0;
    }
    const rows = evalTable(result, report, { predLabel: v.pred, split: v.split, wallMs });
    if (written) rows.push(`  wrote ${written.verdicts} and summary.json`);
    ctx.stdout.write(rows.join('\n') + '\n');
    return 0;
  },
});
