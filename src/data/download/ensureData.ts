import fs from 'node:fs';
import path from 'node:path';
import { publishedSets } from '../published/publishedSets.ts';
import type { PublishedSet } from '../published/PublishedSet.ts';
import { publishedSetPaths } from '../spiderPaths.ts';
import { downloadPublishedPredictions, type DownloadPredictionsOptions } from './downloadPublishedPredictions.ts';
import { downloadSpider, type DownloadSpiderOptions } from './downloadSpider.ts';
import { spiderStatus } from './spiderStatus.ts';
import { hashFile } from './_internals/hashFile.ts';

export type EnsureDataResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface EnsureDataOptions {
  /** Download what is missing (true), or only say which command would (false). */
  fetch: boolean;
  /** How users run the CLI, for the message. Default `npm run t2sql --`. */
  cli?: string | undefined;
  /** The published sets that must be present. Default: publishedSets(). */
  sets?: readonly PublishedSet[] | undefined;
  spider?: Omit<DownloadSpiderOptions, 'force' | 'zipFile'> | undefined;
  predictions?: Omit<DownloadPredictionsOptions, 'sets' | 'only' | 'force'> | undefined;
}

/**
 * Are Spider and the published predictions present under `dataRoot` (what the ladder needs)?
 * With `fetch`, downloads what is missing first. When something is still missing, the message
 * names it and gives the one command line that fetches it.
 */
export async function ensureData(dataRoot: string, options: EnsureDataOptions): Promise<EnsureDataResult> {
  const root = path.resolve(dataRoot);
  const sets = options.sets ?? publishedSets();
  let problems = await missing(root, sets);
  if (problems.spider === null && problems.sets.length === 0) return { ok: true };
  const failures: string[] = [];
  if (options.fetch) {
    try {
      if (problems.spider !== null) await downloadSpider(root, options.spider);
      if (problems.sets.length > 0) {
        const result = await downloadPublishedPredictions(root, { ...options.predictions, sets, only: problems.sets });
        for (const o of result.outcomes) if (o.kind === 'failed') failures.push(`${o.name}: ${o.message}`);
      }
    } catch (err) {
      failures.push((err as Error).message);
    }
    problems = await missing(root, sets);
    if (problems.spider === null && problems.sets.length === 0) return { ok: true };
  }
  const cli = options.cli ?? 'npm run t2sql --';
  const data = `--data ${shellQuote(root)}`;
  const commands: string[] = [];
  const lines = [`t2sql data missing under ${root}:`];
  if (problems.spider !== null) {
    lines.push(`  - Spider 1.0 (${problems.spider})`);
    commands.push(`${cli} data spider ${data}`);
  }
  if (problems.sets.length > 0) {
    const some = problems.sets.slice(0, 3).join(', ') + (problems.sets.length > 3 ? ', …' : '');
    lines.push(`  - ${problems.sets.length} of ${sets.length} published prediction sets (${some})`);
    commands.push(`${cli} data predictions ${data}`);
  }
  if (failures.length > 0) lines.push('Fetching failed:', ...failures.slice(0, 5).map((f) => `  ${f}`));
  lines.push(`Run: ${commands.join(' && ')}`);
  return { ok: false, message: lines.join('\n') };
}

async function missing(root: string, sets: readonly PublishedSet[]): Promise<{ spider: string | null; sets: string[] }> {
  const status = spiderStatus(root);
  const absent: string[] = [];
  for (const set of sets) {
    const pred = publishedSetPaths(root, set.name).pred;
    if (!fs.existsSync(pred) || (await hashFile(pred)) !== set.predSha256) absent.push(set.name);
  }
  return { spider: status.ok ? null : `missing ${status.missing.slice(0, 3).join(', ')}`, sets: absent };
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}
