import fs from 'node:fs';
import { InputError } from '../data/InputError.ts';
import { sha256File } from '../data/sha256File.ts';
import { publishedSetPaths } from '../data/spiderPaths.ts';
import type { RunSource } from '../evaluate/evaluateRunsCached.ts';

/**
 * Published runs of the study's own model family that are not in the published-set manifest:
 * Qwen2.5-Coder Instruct, zero-shot, full Spider dev (CREATE TABLE schema in the system message,
 * 4-bit NF4, greedy). Their prompt and quantization differ from the study's own cells, so they
 * are reported beside those cells with their conditions, never in their place.
 */
export const QWEN_PUBLISHED = ['qwen2.5-coder-1.5b-instruct-zeroshot', 'qwen2.5-coder-3b-instruct-zeroshot'] as const;

/** What `<root>/predictions/<name>/SOURCE.json` says about such a run (fields as published). */
export interface UnlistedPublishedRun {
  readonly name: string;
  readonly model: string;
  readonly size: string;
  readonly condition: string;
  readonly repo: string;
  readonly commit: string;
  readonly path: string;
  /** What the authors reported for it, as written. */
  readonly reported: string;
  readonly predSha256: string;
  readonly source: RunSource;
}

/**
 * The named runs found under the data root (pred.sql checked against SOURCE.json's sha256) and
 * the names missing there. A pred.sql that does not hash to its SOURCE.json is an InputError.
 */
export function unlistedPublishedRuns(dataRoot: string, names: readonly string[] = QWEN_PUBLISHED): { present: UnlistedPublishedRun[]; missing: string[] } {
  const present: UnlistedPublishedRun[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const p = publishedSetPaths(dataRoot, name);
    if (!fs.existsSync(p.pred) || !fs.existsSync(p.source)) {
      missing.push(name);
      continue;
    }
    const meta = JSON.parse(fs.readFileSync(p.source, 'utf8')) as Record<string, string>;
    const sha = sha256File(p.pred);
    if (meta.pred_sha256 && meta.pred_sha256 !== sha) {
      throw new InputError(`${p.pred}: sha256 ${sha.slice(0, 12)}… differs from SOURCE.json's pred_sha256 ${meta.pred_sha256.slice(0, 12)}… (fetch it again: npx t2sql data predictions)`);
    }
    present.push({
      name,
      model: meta.model ?? name,
      size: meta.size ?? '',
      condition: meta.condition ?? '',
      repo: meta.repo ?? '',
      commit: meta.commit ?? '',
      path: meta.path ?? '',
      reported: meta.reported ?? '',
      predSha256: sha,
      source: { kind: 'file', name, label: `${meta.model ?? name} — zero-shot (published, 4-bit)`, file: p.pred },
    });
  }
  return { present, missing };
}
