import fs from 'node:fs';
import path from 'node:path';
import { publishedSets } from '../data/published/publishedSets.ts';
import type { PublishedSet } from '../data/published/PublishedSet.ts';
import type { RunSource } from '../evaluate/evaluateRunsCached.ts';

/** Where a published set's predictions live under a data root. */
export function publishedPredictionFile(dataRoot: string, name: string): string {
  return path.join(dataRoot, 'predictions', name, 'pred.sql');
}

/**
 * Run sources for published prediction sets (the manifest in src/data/published), split into
 * those present under the data root and those missing, with the command that fetches them.
 */
export function publishedRunSources(dataRoot: string, names?: readonly string[]): { present: RunSource[]; missing: string[]; sets: Map<string, PublishedSet> } {
  const sets = new Map(publishedSets().map((s) => [s.name, s]));
  const wanted = names ?? [...sets.keys()];
  const present: RunSource[] = [];
  const missing: string[] = [];
  for (const name of wanted) {
    const set = sets.get(name);
    if (!set) throw new Error(`unknown published set '${name}' (see src/data/published/manifest.json)`);
    const file = publishedPredictionFile(dataRoot, name);
    if (fs.existsSync(file)) present.push({ kind: 'file', name, label: `${set.model} — ${set.condition}`, file });
    else missing.push(name);
  }
  return { present, missing, sets };
}
