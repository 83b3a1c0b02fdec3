import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import yauzl from 'yauzl';

export interface UnzipProgress {
  readonly entries: number;
  readonly totalEntries: number;
  /** Uncompressed bytes written so far. */
  readonly bytes: number;
}

export interface UnzipSafeOptions {
  /** Keep an entry? (e.g. drop macOS `__MACOSX/` resource forks). Default: keep every entry. */
  include?: ((entryName: string) => boolean) | undefined;
  /** Refuse archives that would unpack to more than this (default 16 GiB): zip bombs. */
  maxTotalBytes?: number | undefined;
  /** Refuse archives with more entries than this (default 200,000). */
  maxEntries?: number | undefined;
  onProgress?: ((progress: UnzipProgress) => void) | undefined;
}

export interface UnzipResult {
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
}

/** An archive we refuse to unpack, or one that is damaged. */
export class UnzipError extends Error {
  override readonly name = 'UnzipError';
  constructor(
    message: string,
    readonly entry: string | null = null,
  ) {
    super(entry === null ? message : `${entry}: ${message}`);
  }
}

/**
 * Unpacks `zipPath` into `destDir`, which must not exist yet: nothing already on disk is ever
 * overwritten. Every entry must land inside `destDir` (no absolute paths, no `..`, no symbolic
 * links: "zip slip"), every file's CRC-32 and size must match the archive's directory, and the
 * total is capped. On any failure `destDir` (which this call created) is removed again.
 */
export async function unzipSafe(zipPath: string, destDir: string, options: UnzipSafeOptions = {}): Promise<UnzipResult> {
  const include = options.include ?? (() => true);
  const maxTotalBytes = options.maxTotalBytes ?? 16 * 2 ** 30;
  const maxEntries = options.maxEntries ?? 200_000;
  const onProgress = options.onProgress ?? (() => {});

  const dir = path.resolve(destDir);
  await fsp.mkdir(path.dirname(dir), { recursive: true });
  try {
    await fsp.mkdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UnzipError(`${dir} already exists; refusing to unpack over it`);
    throw err;
  }

  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.openPromise(zipPath, { decodeStrings: true, validateEntrySizes: true, strictFileNames: false });
    if (zip.entryCount > maxEntries) throw new UnzipError(`${zip.entryCount} entries, more than the limit of ${maxEntries}`);
    let entries = 0;
    let files = 0;
    let bytes = 0;
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      entries++;
      const name = entry.fileName;
      if (include(name)) {
        const target = safeTarget(dir, name);
        if (entry.isEncrypted()) throw new UnzipError('encrypted entries are not supported', name);
        const type = (entry.externalFileAttributes >>> 16) & 0o170000;
        if (type === 0o120000) throw new UnzipError('symbolic links are not allowed in the archive', name);
        if (name.endsWith('/')) {
          await fsp.mkdir(target, { recursive: true });
        } else {
          declared += entry.uncompressedSize;
          if (declared > maxTotalBytes) throw new UnzipError(`archive unpacks to more than ${maxTotalBytes} bytes`, name);
          await fsp.mkdir(path.dirname(target), { recursive: true });
          const stream = await zip.openReadStreamPromise(entry);
          let crc = 0;
          await pipeline(
            stream,
            async function* (source: AsyncIterable<Buffer>) {
              for await (const chunk of source) {
                crc = zlib.crc32(chunk, crc);
                bytes += chunk.length;
                yield chunk;
              }
            },
            // 'wx': never replace a file, not even one written earlier from this same archive.
            fs.createWriteStream(target, { flags: 'wx' }),
          );
          if (crc >>> 0 !== entry.crc32 >>> 0) throw new UnzipError('CRC-32 mismatch (damaged archive)', name);
          files++;
        }
      }
      onProgress({ entries, totalEntries: zip.entryCount, bytes });
    }
    return { dir, files, bytes };
  } catch (err) {
    zip?.close();
    await fsp.rm(dir, { recursive: true, force: true });
    if (err instanceof UnzipError) throw err;
    throw new UnzipError(`cannot unpack ${zipPath}: ${(err as Error).message}`);
  }
}

/** Where an entry goes, or an error when its name would leave `dir`. yauzl checks too; we do not rely on it alone. */
function safeTarget(dir: string, name: string): string {
  if (name.length === 0 || name.includes('\0')) throw new UnzipError('invalid entry name', JSON.stringify(name));
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.includes('\\')) throw new UnzipError('absolute or non-portable path', name);
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new UnzipError('path leaves the target folder', name);
  const target = path.resolve(dir, ...segments);
  if (!target.startsWith(dir + path.sep)) throw new UnzipError('path leaves the target folder', name);
  return target;
}
