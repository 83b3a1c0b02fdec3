import fs from 'node:fs';
import { publishedSets } from '../data/published/publishedSets.ts';
import type { PublishedSet } from '../data/published/PublishedSet.ts';
import { publishedSetPaths } from '../data/spiderPaths.ts';
import type { RunSource } from '../evaluate/evaluateRunsCached.ts';

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
    const file = publishedSetPaths(dataRoot, name).pred;
    if (fs.existsSync(file)) present.push({ kind: 'file', name, label: `${set.model} — ${set.condition}`, file });
    else missing.push(name);
  }
  return { present, missing, sets };
}
