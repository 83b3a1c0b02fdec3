import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../data/InputError.ts';
import { evaluateRun, type EvaluationResult } from '../../evaluate/evaluateRun.ts';
import { EXEC_REASONS } from '../../metrics/ExecVerdict.ts';
import { PARTIAL_TYPES, SUMMARY_LEVELS } from '../../metrics/partialScores.ts';
import type { Metric } from '../../evaluate/evaluateRun.ts';
import { FileGoldCache } from '../../sql/FileGoldCache.ts';
import { SqlitePool } from '../../sql/SqlitePool.ts';
import type { Command } from '../Command.ts';
import { dataRootFor, oneOf, parseFlags, parsePositiveInt, parsePositiveNumber, t2sqlHome } from '../_internals/common.ts';
import { progressBar } from '../_internals/progressBar.ts';

const help = `t2sql eval — score predictions on Spider with execution accuracy (EX), as the official
test-suite evaluator does (evaluation.py --etype exec, default flags).

Usage:
  t2sql eval --pred FILE [--metric ex,em] [--gold FILE] [--split dev|train] [--limit N] [--jobs N]
             [--timeout S] [--compat official|strict] [--keep-distinct] [--out DIR] [--json]

Options:
  --pred FILE        predictions: one SQL per line in gold order (an optional "\\tdb_id" suffix
                     must match the gold's), or JSONL {"index"|"question_id": n, "sql": "..."}
  --metric LIST      ex (execution accuracy), em (exact set match, with hardness levels and
                     partial-component scores as the official evaluation.py prints them);
                     default: ex,em
  --gold FILE        gold file, "SQL\\tdb_id" per line (default: <data>/spider/<split>_gold.sql)
  --split NAME       dev (default) or train
  --limit N          score only the first N examples (check a partial prediction file)
  --jobs N           SQLite worker processes (default: cores - 1, at least 1)
  --timeout S        per-query time limit in seconds; the query's process is killed (default 30)
  --max-rows N       rows kept per result before the verdict is too_large (default 200000)
  --compat MODE      official (default): every quirk of the official script, so numbers match
                     the literature; strict: no "value"→"1" rewrite, row order only for a
                     top-level ORDER BY, exact Python equality. Both EX are always reported.
  --keep-distinct    do not remove DISTINCT before executing (official --keep_distinct)
  --out DIR          write DIR/verdicts.jsonl (one line per example) and DIR/summary.json
  --json             print the summary as JSON instead of a table
  --no-cache         do not read or write the gold result cache ($T2SQL_HOME/cache/gold)
  --data DIR         data root (else $T2SQL_DATA, ./data, ../shared)

Verdict reasons: match, mismatch, pred_error (with message), timeout, too_large, gold_error
(a gold query that fails: a dataset error, counted as not correct and listed separately).
Every summary records the t2sql version, settings, n, and sha256 of the gold file, the
prediction file and each database file used.
`;

export const command: Command = {
  name: 'eval',
  summary: 'score predictions: execution accuracy and exact match, as the official evaluator',
  help,
  async run(ctx) {
    const { values } = parseFlags(ctx.argv, {
      pred: { type: 'string' },
      gold: { type: 'string' },
      split: { type: 'string' },
      limit: { type: 'string' },
      jobs: { type: 'string' },
      timeout: { type: 'string' },
      'max-rows': { type: 'string' },
      compat: { type: 'string' },
      'keep-distinct': { type: 'boolean' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      data: { type: 'string' },
      metric: { type: 'string' },
    });
    if (!values.pred) throw new InputError('--pred FILE is required (see --help)');
    const split = oneOf(values.split, ['dev', 'train'] as const, '--split') ?? 'dev';
    const compat = oneOf(values.compat, ['official', 'strict'] as const, '--compat') ?? 'official';
    const limit = parsePositiveInt(values.limit, '--limit');
    const jobs = parsePositiveInt(values.jobs, '--jobs');
    const timeoutS = parsePositiveNumber(values.timeout, '--timeout') ?? 30;
    const maxRows = parsePositiveInt(values['max-rows'], '--max-rows');
    const metrics = (values.metric ?? 'ex,em').split(',').map((m) => m.trim());
    for (const m of metrics) if (m !== 'ex' && m !== 'em') throw new InputError(`--metric takes ex, em or ex,em; got '${m}'`);
    const root = dataRootFor(ctx, values.data);
    const cache = values['no-cache'] ? undefined : new FileGoldCache(path.join(t2sqlHome(ctx), 'cache', 'gold'));
    const pool = new SqlitePool({ ...(jobs ? { size: jobs } : {}) });
    const bar = progressBar(ctx.stderr, 'eval');
    const started = Date.now();
    let result: EvaluationResult;
    // The query processes boot (~0.15 s each) while the inputs are read and checked.
    pool.warmUp();
    try {
      result = await evaluateRun({
        dataRoot: root.dir,
        split,
        ...(values.gold ? { goldFile: path.resolve(ctx.cwd, values.gold) } : {}),
        predictionFile: path.resolve(ctx.cwd, values.pred),
        ...(limit !== undefined ? { limit } : {}),
        metrics: metrics as Metric[],
        settings: { compat, keepDistinct: Boolean(values['keep-distinct']), limits: { timeoutMs: timeoutS * 1000, ...(maxRows ? { maxRows } : {}) } },
        executor: pool,
        ...(cache ? { goldCache: cache } : {}),
        concurrency: pool.capacity,
        onProgress: (done, total) => bar.update(done, total),
      });
    } finally {
      bar.done();
      await pool.close();
      cache?.flush();
    }
    const wallMs = Date.now() - started;
    const em = result.exactMatch;
    const hardnessOf = (i: number) => {
      const v = em?.verdicts[i];
      return v?.kind === 'scored' ? v.hardness : null;
    };
    const byLevel = SUMMARY_LEVELS.map((level) => {
      const idx = result.verdicts.map((_, i) => i).filter((i) => level === 'all' || hardnessOf(i) === level);
      return { level, count: idx.length, ex: idx.length ? idx.filter((i) => result.verdicts[i]!.correct).length / idx.length : 0, em: em ? em.summary[level].exact : null };
    });
    const summary = {
      ...result.summary,
      ...(em ? { em: em.summary.all.exact, by_hardness: byLevel, partial: em.summary, gold_unparseable: em.goldUnparseable } : {}),
      compat: result.compat,
      gold_errors: result.verdicts.filter((v) => v.reason === 'gold_error').map((v) => ({ index: v.index, db_id: v.dbId, message: v.message })),
      wall_ms: wallMs,
      provenance: result.provenance,
    };
    if (values.out) {
      const out = path.resolve(ctx.cwd, values.out);
      fs.mkdirSync(out, { recursive: true });
      const lines = result.verdicts.map((v) =>
        JSON.stringify({
          index: v.index,
          db_id: v.dbId,
          verdict: v.correct ? 1 : 0,
          reason: v.reason,
          ...(v.message ? { message: v.message } : {}),
          ...(v.database ? { database: v.database } : {}),
          ms: Math.round(v.ms * 1000) / 1000,
          ...emFields(em?.verdicts[v.index]),
        }),
      );
      fs.writeFileSync(path.join(out, 'verdicts.jsonl'), lines.join('\n') + '\n');
      fs.writeFileSync(path.join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    }
    if (values.json) {
      ctx.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      return 0;
    }
    const s = result.summary;
    const pct = (x: number) => (100 * x).toFixed(1).padStart(5) + '%';
    const rows = [
      `t2sql eval  ${path.basename(values.pred)}  (${split}, n=${s.n}, compat=${compat}, t2sql ${result.provenance.version})`,
      '',
      `  EX                 ${pct(s.ex)}   (${s.correct}/${s.n})`,
      ...(em ? [`  EM                 ${pct(em.summary.all.exact)}   (exact set match${em.goldUnparseable ? `; ${em.goldUnparseable} gold queries unparseable` : ''})`] : []),
      `  EX official/strict ${pct(result.compat.official)} / ${pct(result.compat.strict)}   (${result.compat.differing.length} verdicts differ)`,
      '',
      '  reason        count',
      ...EXEC_REASONS.map((r) => `  ${r.padEnd(12)} ${String(s.reasons[r]).padStart(6)}`),
      '',
      `  gold ${result.provenance.gold.sha256.slice(0, 12)}  predictions ${result.provenance.predictions?.sha256.slice(0, 12)}  databases ${Object.keys(result.provenance.databases).length}  ${(wallMs / 1000).toFixed(2)} s`,
    ];
    if (em) rows.push('', ...officialTable(byLevel, em.summary));
    if (values.out) rows.push(`  wrote ${path.join(values.out, 'verdicts.jsonl')} and summary.json`);
    ctx.stdout.write(rows.join('\n') + '\n');
    return 0;
  },
};

type EmVerdict = NonNullable<EvaluationResult['exactMatch']>['verdicts'][number];

function emFields(v: EmVerdict | undefined): Record<string, unknown> {
  if (!v) return {};
  if (v.kind === 'gold-unparseable') return { hardness: null, em: null, gold_parse_error: v.error };
  return { hardness: v.hardness, em: v.em, ...(v.predParse === 'ok' ? {} : { pred_parse_error: v.predParse.error }) };
}

/** The official evaluation.py layout: count, EX and EM per hardness, then partial scores. */
function officialTable(
  byLevel: { level: string; count: number; ex: number; em: number | null }[],
  summary: NonNullable<EvaluationResult['exactMatch']>['summary'],
): string[] {
  const cell = (x: string | number) => String(x).padEnd(21);
  const f = (x: number) => x.toFixed(3);
  const head = ' '.repeat(21) + SUMMARY_LEVELS.map((l) => cell(l)).join('');
  const out = [
    head,
    cell('count') + byLevel.map((b) => cell(b.count)).join(''),
    '=====================   EXECUTION ACCURACY     =====================',
    cell('execution') + byLevel.map((b) => cell(f(b.ex))).join(''),
    '====================== EXACT MATCHING ACCURACY =====================',
    cell('exact match') + byLevel.map((b) => cell(f(b.em ?? 0))).join(''),
    '---------------------PARTIAL MATCHING ACCURACY----------------------',
    ...PARTIAL_TYPES.map((t) => cell(t) + SUMMARY_LEVELS.map((l) => cell(f(summary[l].partial[t].acc))).join('')),
    '---------------------- PARTIAL MATCHING RECALL ----------------------',
    ...PARTIAL_TYPES.map((t) => cell(t) + SUMMARY_LEVELS.map((l) => cell(f(summary[l].partial[t].rec))).join('')),
    '---------------------- PARTIAL MATCHING F1 --------------------------',
    ...PARTIAL_TYPES.map((t) => cell(t) + SUMMARY_LEVELS.map((l) => cell(f(summary[l].partial[t].f1))).join('')),
  ];
  return out;
}
