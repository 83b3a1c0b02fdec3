import path from 'node:path';
import type { PublishedSetRecord } from './buildPublishedManifest.ts';
import { parseRawFormat, type PublishedSet } from './PublishedSet.ts';
import { publishedSets } from './publishedSets.ts';
import replySets from './replySets.json' with { type: 'json' };

/** The file of raw replies kept beside a replies set's pred.sql: `<set folder>/replies.jsonl`. */
export function repliesFile(setDir: string): string {
  return path.join(setDir, 'replies.jsonl');
}

/**
 * Published sets of raw model replies (rawFormat `replies`): the Qwen2.5-Coder Instruct zero-shot
 * runs on Spider dev, the study's own model family. Not in the shared MANIFEST.tsv, so not among
 * `publishedSets()`; `t2sql data predictions` fetches both kinds (`predictionSetCatalogue()`).
 */
export function publishedReplySets(): PublishedSet[] {
  return (replySets.sets as PublishedSetRecord[]).map((r) => {
    for (const [field, v] of [['rawSha256', r.rawSha256], ['predSha256', r.predSha256]] as const) if (!/^[0-9a-f]{64}$/.test(v)) throw new Error(`replySets.json: ${r.name}: ${field} is not a sha256`);
    if (!/^[0-9a-f]{40}$/.test(r.commit)) throw new Error(`replySets.json: ${r.name}: commit is not a full hash`);
    return Object.freeze({ ...r, rawFormat: parseRawFormat(r.rawFormat) });
  });
}

/** Every set `t2sql data predictions` knows: the manifest's, then the replies sets. */
export function predictionSetCatalogue(): PublishedSet[] {
  return [...publishedSets(), ...publishedReplySets()];
}
