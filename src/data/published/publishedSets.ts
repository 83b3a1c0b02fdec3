import type { PublishedManifest, PublishedSetRecord } from './buildPublishedManifest.ts';
import manifest from './manifest.json' with { type: 'json' };
import { parseRawFormat, type PublishedSet } from './PublishedSet.ts';

/**
 * The published Spider dev prediction sets t2sql knows how to fetch (metadata only: where each
 * file lives upstream, its hashes and format, what its authors reported), in manifest order.
 */
export function publishedSets(): PublishedSet[] {
  return (manifest as PublishedManifest).sets.map(toPublishedSet);
}

function toPublishedSet(r: PublishedSetRecord): PublishedSet {
  const hex = (v: string, field: string): string => {
    if (!/^[0-9a-f]{64}$/.test(v)) throw new Error(`manifest.json: ${r.name}: ${field} is not a sha256`);
    return v;
  };
  if (!/^[0-9a-f]{40}$/.test(r.commit)) throw new Error(`manifest.json: ${r.name}: commit is not a full hash`);
  return Object.freeze({
    name: r.name,
    lines: r.lines,
    model: r.model,
    size: r.size,
    condition: r.condition,
    group: r.group,
    repo: r.repo,
    commit: r.commit,
    path: r.path,
    reported: r.reported,
    notes: r.notes,
    encoding: r.encoding,
    rawSha256: hex(r.rawSha256, 'rawSha256'),
    rawFormat: parseRawFormat(r.rawFormat),
    predSha256: hex(r.predSha256, 'predSha256'),
  });
}
