import fs from 'node:fs';
import path from 'node:path';
import type { GoldExample } from './goldFile.ts';
import { InputError } from './InputError.ts';
import { parseJsonText, pyStrip, readParsedInput, readTextFile, splitLines, type ParsedInput } from './readTextFile.ts';

/** A system's SQL for one example (`sql` is '' when the system produced nothing). */
export interface Prediction {
  readonly index: number;
  readonly sql: string;
}

export interface ReadPredictionOptions {
  /** Gold examples the predictions align with: counts and `\tdb_id` suffixes are checked. */
  gold?: readonly GoldExample[];
  /** Only the first `limit` examples are expected (a partial file can be checked). */
  limit?: number;
}

/**
 * Reads predictions in either format:
 * - lines: one SQL per line in dev order, as the official evaluator reads them
 *   (`line.strip().split('\t')[0]`); an optional `\tdb_id` suffix must match the gold's;
 * - JSONL: `{"index" | "question_id": n, "sql": "..."}` per line, any order.
 * An empty line is an empty prediction (scored wrong). The number of predictions must equal
 * the number of gold examples (or `limit`); the official script silently truncates instead.
 */
export function readPredictionFile(file: string, options: ReadPredictionOptions = {}): Prediction[] {
  return parsePredictions(readTextFile(file), file, options);
}

/**
 * The same, with the sha256 of the bytes read: the file is opened once, so a pipe or FIFO works
 * and the recorded hash is that of what was scored.
 */
export function readPredictionInput(file: string, options: ReadPredictionOptions = {}): ParsedInput<Prediction[]> {
  return readParsedInput(file, (text) => parsePredictions(text, file, options));
}

function parsePredictions(text: string, file: string, options: ReadPredictionOptions): Prediction[] {
  const isJsonl = /\.jsonl?$/i.test(file) || /^\s*\{/.test(text);
  const predictions = isJsonl ? parseJsonl(text, file, options.gold) : parseLines(text, file, options);
  const expected = expectedCount(options);
  if (expected !== undefined) {
    if (isJsonl) checkJsonlCoverage(predictions, expected, file);
    else if (predictions.length !== expected) {
      const goldCount = options.gold?.length;
      throw new InputError(
        `${predictions.length} predictions but ${expected} ${options.limit !== undefined ? `expected (--limit ${options.limit})` : 'gold examples'}` +
          (goldCount !== undefined && options.limit === undefined ? '; predictions must be one per line in gold order' : '') +
          (options.limit === undefined && predictions.length < (goldCount ?? 0) ? ' (use --limit N to score a partial file)' : ''),
        { file },
      );
    }
  }
  return predictions.slice(0, expected ?? predictions.length);
}

function expectedCount(options: ReadPredictionOptions): number | undefined {
  if (options.limit !== undefined) return options.gold ? Math.min(options.limit, options.gold.length) : options.limit;
  return options.gold?.length;
}

function parseLines(text: string, file: string, options: ReadPredictionOptions): Prediction[] {
  const lines = splitLines(text);
  const expected = expectedCount(options);
  // Trailing blank lines are ignored (as the official reader does) unless they are needed
  // to reach the expected count, in which case they are empty predictions.
  let end = lines.length;
  while (end > 0 && pyStrip(lines[end - 1]!) === '' && (expected === undefined || end > expected)) end--;
  // With --limit, the lines past the limit are not read at all.
  const count = options.limit !== undefined && expected !== undefined ? Math.min(end, expected) : end;
  const out: Prediction[] = [];
  for (let i = 0; i < count; i++) {
    const fields = pyStrip(lines[i]!).split('\t');
    const sql = fields[0]!;
    // A db_id suffix is a last field that looks like one; any other tab is part of the line,
    // of which the official reader keeps only the first field.
    const suffix = fields.length > 1 && /^\s*[A-Za-z0-9_]+\s*$/.test(fields[fields.length - 1]!) ? fields[fields.length - 1] : undefined;
    const gold = options.gold?.[i];
    if (suffix !== undefined && gold && pyStrip(suffix) !== gold.dbId) {
      throw new InputError(`db_id '${pyStrip(suffix)}' does not match the gold's '${gold.dbId}' for example ${i}`, {
        file,
        line: i + 1,
      });
    }
    out.push({ index: i, sql });
  }
  return out;
}

function parseJsonl(text: string, file: string, gold: readonly GoldExample[] | undefined): Prediction[] {
  const lines = text.split(/\r\n|\r|\n/);
  const byIndex = new Map<number, { sql: string; line: number }>();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const value = parseJsonText(raw, file, i);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError('expected a JSON object {"index": n, "sql": "..."}', { file, line });
    }
    const record = value as Record<string, unknown>;
    const index = record.index ?? record.question_id;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
      throw new InputError('missing or invalid "index" (or "question_id"): expected a non-negative integer', { file, line });
    }
    if (record.index !== undefined && record.question_id !== undefined && record.index !== record.question_id) {
      throw new InputError(`"index" ${JSON.stringify(record.index)} and "question_id" ${JSON.stringify(record.question_id)} disagree`, { file, line });
    }
    if (typeof record.sql !== 'string') throw new InputError('missing or invalid "sql": expected a string', { file, line });
    if (gold && index >= gold.length) {
      throw new InputError(`index ${index} is outside the gold examples (0 to ${gold.length - 1})`, { file, line });
    }
    if (record.db_id !== undefined) {
      if (typeof record.db_id !== 'string') throw new InputError('invalid "db_id": expected a string', { file, line });
      const expected = gold?.[index]?.dbId;
      if (expected !== undefined && record.db_id !== expected) {
        throw new InputError(`db_id '${record.db_id}' does not match the gold's '${expected}' for example ${index}`, { file, line });
      }
    }
    const previous = byIndex.get(index);
    if (previous) throw new InputError(`duplicate prediction for index ${index} (first on line ${previous.line})`, { file, line });
    // Kept as written (newlines too): execution and parsing take multi-line SQL, and folding
    // lines would turn the rest of a query into a `--` comment.
    byIndex.set(index, { sql: pyStrip(record.sql), line });
  });
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, p]) => ({ index, sql: p.sql }));
}

function checkJsonlCoverage(predictions: Prediction[], expected: number, file: string): void {
  const have = new Set(predictions.map((p) => p.index));
  const missing: number[] = [];
  for (let i = 0; i < expected && missing.length < 10; i++) if (!have.has(i)) missing.push(i);
  if (missing.length > 0) {
    throw new InputError(
      `${predictions.filter((p) => p.index < expected).length} predictions for ${expected} examples; missing index ${missing.join(', ')}${missing.length === 10 ? ', …' : ''}`,
      { file },
    );
  }
}

/** Writes one SQL per line in dev order (newlines inside a query become spaces). */
export function writePredictionFile(file: string, sqls: readonly string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = sqls.map((s) => s.replace(/[\r\n\t]+/g, ' ').trim()).join('\n') + '\n';
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, body);
  fs.renameSync(tmp, file);
}
