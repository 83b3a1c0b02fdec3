import fs from 'node:fs';
import { InputError } from '../data/InputError.ts';
import { publishedReplySets } from '../data/published/publishedReplySets.ts';
import { sha256File } from '../data/sha256File.ts';
import { publishedSetPaths } from '../data/spiderPaths.ts';
import type { RunSource } from '../evaluate/evaluateRunsCached.ts';

/**
 * Published runs of the study's own model family that are not in the published-set manifest:
 * the replies sets of `publishedReplySets()` (Qwen2.5-Coder 1.5B and 3B Instruct, zero-shot,
 * full Spider dev; CREATE TABLE schema in the system message, 4-bit NF4, greedy), smaller model
 * first. Their prompt and quantization differ from the study's own cells, so they are reported
 * beside those cells with their conditions, never in their place.
 */
export const QWEN_PUBLISHED: readonly [string, string] = qwenPublished();

function qwenPublished(): readonly [string, string] {
  const names = publishedReplySets().map((s) => s.name);
  if (names.length !== 2) throw new Error(`replySets.json lists ${names.length} sets; the report and the ladder's Qwen size claim compare two (1.5B, then 3B)`);
  return [names[0]!, names[1]!];
}

/** A published replies set as the report shows it (fields as replySets.json pins them). */
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
 * The named replies sets found under the data root and the names missing there. A pred.sql whose
 * sha256 is not the one replySets.json pins (a damaged or other file) is an InputError.
 */
export function unlistedPublishedRuns(dataRoot: string, names: readonly string[] = QWEN_PUBLISHED): { present: UnlistedPublishedRun[]; missing: string[] } {
  const sets = new Map(publishedReplySets().map((s) => [s.name, s]));
  const present: UnlistedPublishedRun[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const set = sets.get(name);
    if (!set) throw new Error(`unknown published replies set '${name}' (see src/data/published/replySets.json)`);
    const p = publishedSetPaths(dataRoot, name);
    if (!fs.existsSync(p.pred)) {
      missing.push(name);
      continue;
    }
    const sha = sha256File(p.pred);
    if (sha !== set.predSha256) {
      throw new InputError(`${p.pred}: sha256 ${sha.slice(0, 12)}… is not the pinned ${set.predSha256.slice(0, 12)}… of ${name} (fetch it again: npx t2sql data predictions)`);
    }
    present.push({
      name,
      model: set.model,
      size: set.size,
      condition: set.condition,
      repo: set.repo,
      commit: set.commit,
      path: set.path,
      reported: set.reported,
      predSha256: sha,
      source: { kind: 'file', name, label: `${set.model} — zero-shot (published, 4-bit)`, file: p.pred },
    });
  }
  return { present, missing };
}
