import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashSources } from '../core/hashSources.ts';
import type { Prediction } from '../data/predictionFile.ts';
import { homeLayout } from '../data/homeLayout.ts';
import { sha256File } from '../data/sha256File.ts';
import { spiderPaths } from '../data/spiderPaths.ts';
import type { ExecReason } from '../metrics/ExecVerdict.ts';
import { ExecutionUnavailableError } from '../metrics/ExecutionUnavailableError.ts';
import type { CompatMode } from '../sql/officialPreprocess.ts';
import { FileGoldCache } from '../sql/FileGoldCache.ts';
import { engineId } from '../sql/engineId.ts';
import { ResultMemo } from '../sql/ResultMemo.ts';
import type { PairOutcome } from '../sql/ExecOutcome.ts';
import { SqlitePool } from '../sql/SqlitePool.ts';
import { SUITE_GENERATOR_VERSION } from '../suites/SuiteManifest.ts';
import type { EvaluatedRun } from './EvaluatedRun.ts';
import { evaluateRun } from './evaluateRun.ts';
import type { SuiteRequest } from './suiteDatabases.ts';

/** Where a run's predictions come from. */
export type RunSource =
  | { readonly kind: 'file'; readonly name: string; readonly label: string; readonly file: string }
  | { readonly kind: 'memory'; readonly name: string; readonly label: string; readonly predictions: readonly Prediction[]; readonly id: string };

export interface EvaluateRunsOptions {
  readonly dataRoot: string;
  /** $T2SQL_HOME: gold results and run verdicts are cached where `homeLayout` says. */
  readonly home: string;
  readonly compat?: CompatMode;
  readonly jobs?: number;
  /** Which databases each example is scored on (default: every `.sqlite` of its folder); part of the cache key when given. */
  readonly suite?: SuiteRequest;
  readonly onProgress?: (event: { name: string; done: number; total: number; cached: boolean }) => void;
}

/** Every folder on the scoring path (what evaluateRun imports, transitively): a change in any of them invalidates cached verdicts. */
export const evaluatorDirs = ['../core', '../data', '../schema', '../sql', '../metrics', '../suites', '.'].map((d) => fileURLToPath(new URL(d, import.meta.url)));
let evaluatorHashMemo: string | undefined;

/** Hash of the evaluator's own source: cached verdicts are reused only by the same code. */
export function evaluatorHash(): string {
  if (evaluatorHashMemo) return evaluatorHashMemo;
  const sources = hashSources(evaluatorDirs, { include: /\.(ts|js|json)$/, relativeTo: fileURLToPath(new URL('..', import.meta.url)) });
  return (evaluatorHashMemo = crypto.createHash('sha256').update(`${sources}|${engineId()}`).digest('hex').slice(0, 16));
}

interface CachedVerdicts {
  name: string;
  correct: string;
  reasons: ExecReason[];
  dbIds: string[];
}

/**
 * Execution verdicts for several runs on full dev, each computed once and kept on disk, keyed
 * by the predictions' sha256, the gold file's, every database's, the compat mode and the
 * evaluator's source hash. One pool, one gold cache and one result memo serve all runs.
 * A run with examples that could not be scored (`unavailable`: no query process could start)
 * is never kept: it throws ExecutionUnavailableError, and the next call scores it again.
 */
export async function evaluateRunsCached(sources: readonly RunSource[], options: EvaluateRunsOptions): Promise<Map<string, EvaluatedRun>> {
  const paths = spiderPaths(options.dataRoot);
  const compat = options.compat ?? 'official';
  const goldSha256 = sha256File(paths.devGold);
  const dbHash = databasesHash(paths.databaseDir);
  const layout = homeLayout(options.home);
  const runsDir = layout.runVerdictCache;
  const out = new Map<string, EvaluatedRun>();
  let pool: SqlitePool | null = null;
  let goldCache: FileGoldCache | null = null;
  const memo = new ResultMemo<PairOutcome>();
  try {
    for (const [i, source] of sources.entries()) {
      const predictionsSha256 = source.kind === 'file' ? sha256File(source.file) : source.id;
      const key = crypto
        .createHash('sha256')
        .update(JSON.stringify([predictionsSha256, goldSha256, dbHash, compat, evaluatorHash(), ...(options.suite ? [options.suite.mode, options.suite.seed ?? 0, SUITE_GENERATOR_VERSION] : [])]))
        .digest('hex')
        .slice(0, 20);
      // A run-store cell is named `experiment/run`: one file name, not a folder.
      const file = path.join(runsDir, `${source.name.replace(/[\\/]/g, '+')}-${key}.json`);
      const meta = { predictionsSha256, goldSha256, compat, evaluatorHash: evaluatorHash() };
      let cached: CachedVerdicts | null = null;
      try {
        cached = JSON.parse(fs.readFileSync(file, 'utf8')) as CachedVerdicts;
      } catch {
        cached = null;
      }
      if (!cached) {
        pool ??= new SqlitePool({ ...(options.jobs ? { size: options.jobs } : {}) });
        goldCache ??= new FileGoldCache(layout.goldCache);
        const result = await evaluateRun({
          dataRoot: options.dataRoot,
          predictionFile: source.kind === 'file' ? source.file : null,
          ...(source.kind === 'memory' ? { predictions: source.predictions } : {}),
          settings: { compat },
          ...(options.suite ? { suite: options.suite } : {}),
          executor: pool,
          goldCache,
          resultMemo: memo,
          concurrency: pool.capacity,
        });
        if (result.unavailable.length > 0) throw new ExecutionUnavailableError(source.name, result.unavailable, result.verdicts.length);
        cached = {
          name: source.name,
          correct: result.verdicts.map((v) => (v.correct ? '1' : '0')).join(''),
          reasons: result.verdicts.map((v) => v.reason),
          dbIds: result.verdicts.map((v) => v.dbId),
        };
        fs.mkdirSync(runsDir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(cached));
        fs.renameSync(tmp, file);
        options.onProgress?.({ name: source.name, done: i + 1, total: sources.length, cached: false });
      } else {
        options.onProgress?.({ name: source.name, done: i + 1, total: sources.length, cached: true });
      }
      const correct = Uint8Array.from(cached.correct, (c) => (c === '1' ? 1 : 0));
      let k = 0;
      for (const c of correct) k += c;
      out.set(source.name, {
        name: source.name,
        label: source.label,
        n: correct.length,
        correct,
        reasons: cached.reasons,
        dbIds: cached.dbIds,
        accuracy: correct.length ? k / correct.length : 0,
        indices: Array.from(correct, (_, j) => j),
        source: meta,
      });
    }
  } finally {
    await pool?.close();
    goldCache?.flush();
  }
  return out;
}

/** One hash over every database file's sha256 (any changed database invalidates cached verdicts). */
function databasesHash(databaseDir: string): string {
  const h = crypto.createHash('sha256');
  for (const db of fs.readdirSync(databaseDir).sort()) {
    const folder = path.join(databaseDir, db);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const f of fs.readdirSync(folder).filter((n) => n.endsWith('.sqlite')).sort()) {
      h.update(`${db}/${f}:${sha256File(path.join(folder, f))}\n`);
    }
  }
  return h.digest('hex');
}
