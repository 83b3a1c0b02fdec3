import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { prepareOutDir } from '../data/prepareOutDir.ts';
import type { SpiderPaths } from '../data/spiderPaths.ts';
import { sha256File } from '../data/sha256File.ts';
import { buildSftDataset, type OverBudgetExample, type SftDataset, type SftOptions, type SftSourceStatus } from './buildSftDataset.ts';

/** Version of the SFT file layout; part of every manifest. */
export const sftFormat = 'sft@1';
export const SFT_FILE = 'train.jsonl';
export const SFT_MANIFEST = 'manifest.json';

export interface SftManifest {
  readonly format: string;
  readonly settings: { readonly schema: string; readonly shots: number; readonly source: string; readonly maxTokens: number; readonly limit: number | null };
  readonly promptVersion: string;
  readonly tokenizer: string;
  /** Each source file with its sha256, or why it is missing. */
  readonly sources: readonly (SftSourceStatus & { readonly sha256?: string })[];
  readonly file: string;
  /** sha256 of the JSONL's bytes. */
  readonly sha256: string;
  readonly examples: number;
  readonly tokens: { readonly total: number; readonly max: number; readonly mean: number };
  readonly overBudget: { readonly maxTokens: number; readonly count: number; readonly examples: readonly OverBudgetExample[] };
  /** Dev databases looked for in all `examples` of the training files (absent: an older set, checked only within --limit), and found on the set's own examples. */
  readonly devDatabases: { readonly checked: number; readonly found: number; readonly examples?: number };
}

export interface WrittenSftDataset {
  readonly dir: string;
  readonly file: string;
  readonly manifest: SftManifest;
  /** An identical set was already there and was kept. */
  readonly reused: boolean;
}

/**
 * Writes (or reuses) the SFT set in `dir`: `train.jsonl` and `manifest.json`. The set is reused
 * when its manifest has the same settings and source hashes and the JSONL still has its recorded
 * sha256; otherwise it is rebuilt and replaced atomically. Deterministic: same inputs, same bytes.
 */
export function writeSftDataset(paths: SpiderPaths, options: SftOptions, dir: string): WrittenSftDataset {
  const settings = { schema: options.schema, shots: options.shots, source: options.source ?? 'sqlite', maxTokens: options.maxTokens, limit: options.limit ?? null };
  // Checked before the set is built: a place that cannot take it is one error, not lost work.
  const out = prepareOutDir(dir, [SFT_FILE, SFT_MANIFEST]);
  const file = path.join(dir, SFT_FILE);
  const sourceHashes = new Map([paths.trainSpider, paths.trainOthers].filter((f) => fs.existsSync(f)).map((f) => [f, sha256File(f)]));
  const old = readManifest(dir);
  if (
    old &&
    old.format === sftFormat &&
    JSON.stringify(old.settings) === JSON.stringify(settings) &&
    old.devDatabases.examples !== undefined &&
    old.sources.every((s) => (s.present ? sourceHashes.get(s.file) === s.sha256 : !sourceHashes.has(s.file))) &&
    fs.existsSync(file) &&
    sha256File(file) === old.sha256
  ) {
    return { dir, file, manifest: old, reused: true };
  }

  let set: SftDataset;
  try {
    set = buildSftDataset(paths, options);
  } catch (err) {
    out.discard();
    throw err;
  }
  const body = set.examples.map((e) => JSON.stringify({ messages: e.messages, db_id: e.db_id, index: e.index, source: e.source, tokens: e.tokens }) + '\n').join('');
  const tokens = set.examples.map((e) => e.tokens);
  const total = tokens.reduce((a, b) => a + b, 0);
  const manifest: SftManifest = {
    format: sftFormat,
    settings,
    promptVersion: set.promptVersion,
    tokenizer: set.tokenizer,
    sources: set.sources.map((s) => (s.present ? { ...s, sha256: sourceHashes.get(s.file)! } : s)),
    file: SFT_FILE,
    sha256: createHash('sha256').update(body).digest('hex'),
    examples: set.examples.length,
    tokens: { total, max: tokens.reduce((a, b) => Math.max(a, b), 0), mean: tokens.length ? Math.round((total / tokens.length) * 10) / 10 : 0 },
    overBudget: { maxTokens: options.maxTokens, count: set.overBudget.length, examples: set.overBudget },
    devDatabases: set.devDatabases,
  };
  fs.mkdirSync(dir, { recursive: true });
  writeAtomically(file, body);
  writeAtomically(path.join(dir, SFT_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return { dir, file, manifest, reused: false };
}

/** The manifest in `dir`, or null when there is none (or it is unreadable: the set is rebuilt). */
export function readManifest(dir: string): SftManifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, SFT_MANIFEST), 'utf8')) as SftManifest;
  } catch {
    return null;
  }
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
