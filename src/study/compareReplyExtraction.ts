import crypto from 'node:crypto';
import fs from 'node:fs';
import { InputError } from '../data/InputError.ts';
import type { Prediction } from '../data/predictionFile.ts';
import { parseReplies } from '../data/published/parseReplies.ts';
import { publishedReplySets, repliesFile } from '../data/published/publishedReplySets.ts';
import type { PublishedSet } from '../data/published/PublishedSet.ts';
import { publishedSetPaths, spiderPaths } from '../data/spiderPaths.ts';
import type { EvaluatedRun } from '../evaluate/EvaluatedRun.ts';
import { evaluateRunsCached } from '../evaluate/evaluateRunsCached.ts';
import { extractSql } from '../prompt/extractSql.ts';

/** t2sql's extraction of a replies set beside the authors' pred.sql. */
export interface ReplyExtractionComparison {
  readonly set: PublishedSet;
  readonly n: number;
  /** Our SQL per question: `extractSql` of each reply, on one line ('' where it found none). */
  readonly ours: readonly Prediction[];
  /** Replies in which `extractSql` found no SQL. */
  readonly oursNoSql: number;
  /** Questions whose SQL differs between the two extractions (whitespace runs aside). */
  readonly differing: readonly number[];
  /** Execution verdicts of each extraction on full dev (the evaluator, official compat); null without Spider. */
  readonly ex: { readonly ours: EvaluatedRun; readonly authors: EvaluatedRun } | null;
  /** Why there is no EX, when there is none. */
  readonly exMissing: string | null;
}

export interface CompareReplyExtractionOptions {
  /** $T2SQL_HOME: verdicts are cached under it (keyed by the predictions' and data's hashes). */
  readonly home: string;
  readonly onProgress?: (event: { name: string; done: number; total: number; cached: boolean }) => void;
}

const oneLine = (sql: string): string => sql.split(/\s+/).filter(Boolean).join(' ');

/**
 * Takes the SQL out of each reply of a published replies set (`<root>/predictions/<name>/replies.jsonl`)
 * with t2sql's `extractSql` and compares it with the authors' extraction (`pred.sql`): which lines
 * differ, and the execution accuracy of each on Spider dev through the evaluator (scored once,
 * then cached). Without Spider under the data root, `ex` is null and `exMissing` says why.
 */
export async function compareReplyExtraction(dataRoot: string, name: string, options: CompareReplyExtractionOptions): Promise<ReplyExtractionComparison> {
  const set = publishedReplySets().find((s) => s.name === name);
  if (!set) throw new InputError(`'${name}' is not a published replies set (${publishedReplySets().map((s) => s.name).join(', ')})`);
  const p = publishedSetPaths(dataRoot, name);
  const file = repliesFile(p.dir);
  for (const f of [file, p.pred]) if (!fs.existsSync(f)) throw new InputError(`missing (run: npx t2sql data predictions --only ${name})`, { file: f });
  const replies = parseReplies(fs.readFileSync(file, 'utf8'), { file, lines: set.lines });
  const authors = fs.readFileSync(p.pred, 'utf8').split('\n').slice(0, set.lines);
  if (authors.length !== set.lines) throw new InputError(`${authors.length} lines, expected ${set.lines}`, { file: p.pred });
  let noSql = 0;
  const ours = replies.map((r): Prediction => {
    const x = extractSql(r.reply);
    if (x.sql === null) noSql++;
    return { index: r.index, sql: x.sql === null ? '' : oneLine(x.sql) };
  });
  const differing = ours.filter((o, i) => o.sql !== oneLine(authors[i]!)).map((o) => o.index);
  const spider = spiderPaths(dataRoot);
  if (!fs.existsSync(spider.devGold) || !fs.existsSync(spider.databaseDir)) {
    return { set, n: set.lines, ours, oursNoSql: noSql, differing, ex: null, exMissing: `no Spider dev under ${dataRoot} (run: npx t2sql data spider)` };
  }
  const id = crypto.createHash('sha256').update(ours.map((o) => `${o.sql}\n`).join('')).digest('hex');
  const runs = await evaluateRunsCached(
    [
      { kind: 'memory', name: `${name}-t2sql-extraction`, label: `${set.model} — t2sql extractSql`, predictions: ours, id },
      { kind: 'file', name, label: `${set.model} — authors' extraction`, file: p.pred },
    ],
    { dataRoot, home: options.home, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  return { set, n: set.lines, ours, oursNoSql: noSql, differing, ex: { ours: runs.get(`${name}-t2sql-extraction`)!, authors: runs.get(name)! }, exMissing: null };
}

/** Two lines: how many extractions differ, and EX of each (with the questions right under only one). */
export function describeReplyExtraction(c: ReplyExtractionComparison): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const head = `${c.set.name}: t2sql's extractSql and the authors' pred.sql differ on ${c.differing.length} of ${c.n} questions (${c.oursNoSql} replies without SQL for extractSql)`;
  if (!c.ex) return `${head}\n  EX not computed: ${c.exMissing}\n`;
  let oursOnly = 0;
  let authorsOnly = 0;
  for (let i = 0; i < c.n; i++) {
    if (c.ex.ours.correct[i] && !c.ex.authors.correct[i]) oursOnly++;
    if (!c.ex.ours.correct[i] && c.ex.authors.correct[i]) authorsOnly++;
  }
  return `${head}\n  EX ${pct(c.ex.ours.accuracy)} with extractSql, ${pct(c.ex.authors.accuracy)} with the authors' extraction (right only with ours: ${oursOnly}, only with theirs: ${authorsOnly}); authors reported: ${c.set.reported}\n`;
}
