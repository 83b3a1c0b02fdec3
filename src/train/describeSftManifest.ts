import path from 'node:path';
import type { SftManifest } from './writeSftDataset.ts';

/** One line about an SFT set: size, tokens, what was left out, the dev check, its hash, missing sources. */
export function describeSftManifest(m: SftManifest, dir: string, reused: boolean): string {
  const notes = m.sources.flatMap((s) => (s.present ? [] : [`; note: ${s.note}`]));
  return (
    `${reused ? 'reused' : 'wrote'} ${path.join(dir, m.file)}: ${m.examples} examples, ${m.tokens.total} tokens (longest ${m.tokens.max}), ` +
    `${m.overBudget.count} over ${m.overBudget.maxTokens} tokens left out, ${m.devDatabases.found} of ${m.devDatabases.checked} dev databases · sha256 ${m.sha256}${notes.join('')}`
  );
}
