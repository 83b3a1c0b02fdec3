import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../InputError.ts';
import { spiderPaths } from '../spiderPaths.ts';
import { downloadFile, type DownloadFileOptions, type DownloadProgress } from './downloadFile.ts';
import { DEFAULT_SPIDER_RELEASE, findSpiderRelease } from './spiderReleases.ts';
import { spiderStatus } from './spiderStatus.ts';
import { unzipSafe, type UnzipProgress } from './unzipSafe.ts';
import { hashFile } from './_internals/hashFile.ts';
import { moveAside } from './_internals/moveAside.ts';

export type SpiderEvent =
  | { readonly phase: 'download'; readonly progress: DownloadProgress }
  | { readonly phase: 'verify'; readonly file: string }
  | { readonly phase: 'unpack'; readonly progress: UnzipProgress };

export interface DownloadSpiderOptions {
  /** Archive URL. Default: the official release the Spider page links (see spiderReleases.ts). */
  url?: string | undefined;
  /**
   * Expected sha256 of the archive. Default: the known hash of the chosen release; for a URL we
   * do not know, nothing is checked (the result says so and carries the hash).
   */
  sha256?: string | undefined;
  /** Unpack this local archive instead of downloading one (it is never modified or deleted). */
  zipFile?: string | undefined;
  /** Install even though `<root>/spider` exists: the old folder is renamed aside, never deleted. */
  force?: boolean | undefined;
  /** Keep the downloaded archive in `<root>/.t2sql-download/` after unpacking (default: remove it). */
  keepZip?: boolean | undefined;
  download?: Pick<DownloadFileOptions, 'retries' | 'retryDelayMs' | 'idleTimeoutMs' | 'signal'> | undefined;
  onEvent?: ((event: SpiderEvent) => void) | undefined;
}

export type DownloadSpiderResult =
  | { readonly kind: 'present'; readonly dir: string }
  | {
      readonly kind: 'installed';
      readonly dir: string;
      readonly archive: {
        readonly source: string;
        readonly bytes: number;
        readonly sha256: string;
        /** `verified`: matched the expected hash; `unverified`: there was none to compare with. */
        readonly check: 'verified' | 'unverified';
      };
      /** Where an existing `spider/` was moved (with `force`), else null. */
      readonly movedAside: string | null;
      readonly warnings: readonly string[];
    };

/** Folder for partial and finished downloads under a data root (resumable `.part` files live here). */
export const DOWNLOAD_DIR = '.t2sql-download';

/**
 * Installs Spider 1.0 at `<dataRoot>/spider/`: downloads the archive (resumable, hash-checked),
 * unpacks it safely into a temporary folder beside the target, normalises the archive's top
 * folder (`spider/`, `spider_data/` or none), checks the layout, and only then renames it into
 * place. An existing complete `spider/` is left alone; an existing incomplete one needs `force`,
 * which moves it aside. Nothing the user had is deleted.
 */
export async function downloadSpider(dataRoot: string, options: DownloadSpiderOptions = {}): Promise<DownloadSpiderResult> {
  const root = path.resolve(dataRoot);
  const target = spiderPaths(root).root;
  const onEvent = options.onEvent ?? (() => {});
  const before = fs.existsSync(target) ? spiderStatus(root) : null;
  if (before?.ok && !options.force) return { kind: 'present', dir: target };
  if (before && !before.ok && !options.force) {
    throw new InputError(
      `${target} exists but is incomplete (missing ${before.missing.slice(0, 3).join(', ')}); ` +
        'rerun with --force to move it aside and install a fresh copy',
    );
  }
  if (options.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(options.sha256)) {
    throw new InputError(`--sha256 must be 64 hex digits, got '${options.sha256}'`);
  }

  // A local archive that is not there is refused before anything is made.
  if (options.zipFile) assertArchiveFile(options.zipFile);
  await fsp.mkdir(root, { recursive: true });
  try {
    const archive = options.zipFile ? await localArchive(options.zipFile, options.sha256, onEvent) : await fetchArchive(root, options, onEvent);
    let installed = false;
    try {
      const result = await install(root, archive, onEvent);
      installed = true;
      return result;
    } finally {
      // A verified archive that failed to unpack is kept for the next run; anything else we fetched goes.
      if (archive.downloaded && !options.keepZip && (installed || !archive.verified)) await fsp.rm(archive.path, { force: true });
    }
  } finally {
    await fsp.rmdir(path.join(root, DOWNLOAD_DIR)).catch(() => {});
  }
}

async function install(root: string, archive: Archive, onEvent: (e: SpiderEvent) => void): Promise<DownloadSpiderResult> {
  const target = spiderPaths(root).root;
  const work = await fsp.mkdtemp(path.join(root, '.spider-unpack-'));
  try {
    const unpacked = path.join(work, 'zip');
    await unzipSafe(archive.path, unpacked, {
      // macOS adds resource-fork twins under __MACOSX/ (the 2024 archive has one per file).
      include: (name) => !name.startsWith('__MACOSX/') && !/(^|\/)\.DS_Store$/.test(name),
      onProgress: (progress) => onEvent({ phase: 'unpack', progress }),
    });
    const staged = path.join(work, 'spider');
    await fsp.rename(contentFolder(unpacked, archive.source), staged);
    const status = spiderStatus(work);
    if (!status.ok) {
      throw new InputError(`${archive.source} does not hold Spider 1.0 as expected (missing ${status.missing.slice(0, 4).join(', ')})`);
    }
    const movedAside = fs.existsSync(target) ? await moveAside(target) : null;
    await fsp.rename(staged, target);
    return {
      kind: 'installed',
      dir: target,
      archive: { source: archive.source, bytes: archive.bytes, sha256: archive.sha256, check: archive.verified ? 'verified' : 'unverified' },
      movedAside,
      warnings: status.warnings,
    };
  } finally {
    // Our own scratch folder: what is left in it is the archive's extra top-level files, or a failed unpack.
    await fsp.rm(work, { recursive: true, force: true });
  }
}

interface Archive {
  readonly path: string;
  readonly source: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly verified: boolean;
  readonly downloaded: boolean;
}

async function fetchArchive(root: string, options: DownloadSpiderOptions, onEvent: (e: SpiderEvent) => void): Promise<Archive> {
  const url = options.url ?? DEFAULT_SPIDER_RELEASE.url;
  const release = options.url === undefined ? DEFAULT_SPIDER_RELEASE : findSpiderRelease({ url });
  const expected = options.sha256 ?? release?.sha256 ?? null;
  const dest = path.join(root, DOWNLOAD_DIR, release?.fileName ?? 'spider.zip');
  if (expected !== null && fs.existsSync(dest)) {
    // Kept from a run that downloaded and verified it but failed later: reuse it if it still matches.
    onEvent({ phase: 'verify', file: dest });
    const have = await hashFile(dest);
    if (have === expected.toLowerCase()) return { path: dest, source: url, bytes: fs.statSync(dest).size, sha256: have, verified: true, downloaded: true };
  }
  const result = await downloadFile(url, dest, {
    ...options.download,
    sha256: expected,
    onProgress: (progress) => onEvent({ phase: 'download', progress }),
  });
  return { path: dest, source: url, bytes: result.bytes, sha256: result.sha256, verified: result.verified, downloaded: true };
}

function assertArchiveFile(file: string): void {
  const zip = path.resolve(file);
  if (!fs.existsSync(zip)) throw new InputError('file not found', { file });
  if (!fs.statSync(zip).isFile()) throw new InputError('not a file (--zip takes the downloaded archive)', { file });
}

async function localArchive(file: string, sha256: string | undefined, onEvent: (e: SpiderEvent) => void): Promise<Archive> {
  const zip = path.resolve(file);
  assertArchiveFile(file);
  onEvent({ phase: 'verify', file: zip });
  const actual = await hashFile(zip);
  if (sha256 !== undefined && actual !== sha256.toLowerCase()) {
    throw new InputError(`sha256 mismatch: expected ${sha256.toLowerCase()}, got ${actual}`, { file });
  }
  // A local copy of an official archive is recognised by its hash even without --sha256.
  const verified = sha256 !== undefined || findSpiderRelease({ sha256: actual }) !== undefined;
  return { path: zip, source: zip, bytes: fs.statSync(zip).size, sha256: actual, verified, downloaded: false };
}

/** The folder holding dev.json: the unpack folder itself, or its single top-level folder. */
function contentFolder(unpacked: string, source: string): string {
  if (fs.existsSync(path.join(unpacked, 'dev.json'))) return unpacked;
  const dirs = fs.readdirSync(unpacked, { withFileTypes: true }).filter((d) => d.isDirectory());
  const withDev = dirs.filter((d) => fs.existsSync(path.join(unpacked, d.name, 'dev.json')));
  if (withDev.length === 1) return path.join(unpacked, withDev[0]!.name);
  throw new InputError(
    `${source} does not look like Spider: no dev.json at its top or in a single top folder (found: ${dirs.map((d) => d.name).join(', ') || 'no folders'})`,
  );
}
