import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../InputError.ts';
import { publishedSetPaths, publishedSetsDir } from '../spiderPaths.ts';
import { normalisePredictions } from '../published/normalisePredictions.ts';
import { predictionSetCatalogue, repliesFile } from '../published/publishedReplySets.ts';
import { rawFormatLabel, type PublishedSet } from '../published/PublishedSet.ts';
import { GITHUB_RAW_BASE, rawFileUrl } from '../published/rawFileUrl.ts';
import { DownloadError } from './DownloadError.ts';
import { downloadFile, type DownloadFileOptions, type DownloadProgress } from './downloadFile.ts';
import { DOWNLOAD_DIR } from './downloadSpider.ts';
import { mapBounded } from '../../core/boundedConcurrency.ts';
import { hashFile } from './_internals/hashFile.ts';
import { moveAside } from './_internals/moveAside.ts';

export type PredictionSetOutcome =
  | { readonly name: string; readonly kind: 'present' }
  | { readonly name: string; readonly kind: 'installed'; readonly movedAside: string | null }
  | { readonly name: string; readonly kind: 'failed'; readonly message: string };

export type PredictionsEvent =
  | { readonly kind: 'start'; readonly name: string; readonly url: string }
  | { readonly kind: 'progress'; readonly name: string; readonly progress: DownloadProgress }
  | { readonly kind: 'done'; readonly outcome: PredictionSetOutcome };

export interface DownloadPredictionsOptions {
  /** Only these sets (names as in the manifest). Default: all. */
  only?: readonly string[] | undefined;
  /** The catalogue to draw from. Default: predictionSetCatalogue() (the manifest's sets and the replies sets). */
  sets?: readonly PublishedSet[] | undefined;
  /** Where raw files are fetched from: `<base>/<repo>/<commit>/<path>`. Default raw.githubusercontent.com. */
  rawBaseUrl?: string | undefined;
  /** Replace a pred.sql that differs from the published one (it is renamed aside, not deleted). */
  force?: boolean | undefined;
  /** Parallel downloads (default 4). */
  concurrency?: number | undefined;
  download?: Pick<DownloadFileOptions, 'retries' | 'retryDelayMs' | 'idleTimeoutMs' | 'signal'> | undefined;
  onEvent?: ((event: PredictionsEvent) => void) | undefined;
}

export interface DownloadPredictionsResult {
  /** `<dataRoot>/predictions` */
  readonly dir: string;
  readonly outcomes: readonly PredictionSetOutcome[];
}

/**
 * Fetches each published set's raw file from its source repository at the pinned commit, checks
 * its sha256, normalises it (see normalisePredictions) and writes `<root>/predictions/<name>/pred.sql`
 * (plus SOURCE.json) only if the result hashes to the published `pred.sha256`. A set already
 * present with the right hash is skipped. One failing set does not stop the others. A `replies`
 * set also keeps its raw file, checked, as `<name>/replies.jsonl`.
 */
export async function downloadPublishedPredictions(
  dataRoot: string,
  options: DownloadPredictionsOptions = {},
): Promise<DownloadPredictionsResult> {
  const root = path.resolve(dataRoot);
  const dir = publishedSetsDir(root);
  const catalogue = options.sets ?? predictionSetCatalogue();
  const onEvent = options.onEvent ?? (() => {});
  let chosen: readonly PublishedSet[] = catalogue;
  if (options.only !== undefined) {
    const known = new Set(catalogue.map((s) => s.name));
    const unknown = options.only.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new InputError(`unknown prediction set(s): ${unknown.join(', ')} (see \`t2sql data predictions --list\`)`);
    }
    const wanted = new Set(options.only);
    chosen = catalogue.filter((s) => wanted.has(s.name));
  }
  const outcomes = await mapBounded(chosen, options.concurrency ?? 4, async (set) => {
    const outcome = await installSet(root, set, options, onEvent);
    onEvent({ kind: 'done', outcome });
    return outcome;
  });
  await fsp.rmdir(path.join(root, DOWNLOAD_DIR, 'predictions')).catch(() => {});
  await fsp.rmdir(path.join(root, DOWNLOAD_DIR)).catch(() => {});
  return { dir, outcomes };
}

async function installSet(
  root: string,
  set: PublishedSet,
  options: DownloadPredictionsOptions,
  onEvent: (event: PredictionsEvent) => void,
): Promise<PredictionSetOutcome> {
  const name = set.name;
  const { dir: folder, pred, source } = publishedSetPaths(root, name);
  const failed = (message: string): PredictionSetOutcome => ({ name, kind: 'failed', message });
  const replies = set.rawFormat.kind === 'replies' ? repliesFile(folder) : null;
  const repliesOk = replies === null || (fs.existsSync(replies) && (await hashFile(replies)) === set.rawSha256);
  if (fs.existsSync(pred)) {
    const have = await hashFile(pred);
    if (have === set.predSha256 && repliesOk) return { name, kind: 'present' };
    // A right pred.sql with a missing or damaged replies file: fetch the raw file again.
    if (have !== set.predSha256 && !options.force) return failed(`${pred} exists and differs from the published file (sha256 ${have}); move it away or rerun with --force`);
  }
  const url = rawFileUrl(set, options.rawBaseUrl ?? GITHUB_RAW_BASE);
  const raw = path.join(root, DOWNLOAD_DIR, 'predictions', `${name}.raw`);
  onEvent({ kind: 'start', name, url });
  try {
    await downloadFile(url, raw, {
      ...options.download,
      sha256: set.rawSha256,
      onProgress: (progress) => onEvent({ kind: 'progress', name, progress }),
    });
  } catch (err) {
    if (err instanceof DownloadError) return failed(err.message);
    throw err;
  }
  try {
    const normalised = normalisePredictions(await fsp.readFile(raw), set);
    if (!normalised.ok) return failed(`${url}: cannot normalise (${rawFormatLabel(set.rawFormat)}): ${normalised.message}`);
    const sha = crypto.createHash('sha256').update(normalised.text).digest('hex');
    if (sha !== set.predSha256) return failed(`${url}: normalised file hashes to ${sha}, expected ${set.predSha256}`);
    await fsp.mkdir(folder, { recursive: true });
    const tmp = `${pred}.tmp-${process.pid}`;
    await fsp.writeFile(tmp, normalised.text);
    const movedAside = fs.existsSync(pred) && (await hashFile(pred)) !== set.predSha256 ? await moveAside(pred) : null;
    await fsp.rename(tmp, pred);
    if (replies !== null) await fsp.copyFile(raw, replies);
    if (!fs.existsSync(source)) await fsp.writeFile(source, `${JSON.stringify(sourceJson(set), null, 1)}\n`);
    return { name, kind: 'installed', movedAside };
  } finally {
    await fsp.rm(raw, { force: true });
  }
}

/** The same fields as the shared data's SOURCE.json, so a fetched data root looks like ../shared. */
function sourceJson(set: PublishedSet): Record<string, string> {
  const hashes: Record<string, string> = set.rawFormat.kind === 'replies' ? { source_sha256: set.rawSha256, pred_sha256: set.predSha256 } : {};
  return {
    ...hashes,
    repo: set.repo,
    commit: set.commit,
    path: set.path,
    format: rawFormatLabel(set.rawFormat),
    encoding: set.encoding,
    model: set.model,
    size: set.size,
    condition: set.condition,
    reported: set.reported,
    notes: set.notes,
  };
}
