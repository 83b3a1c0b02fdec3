import fsp from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DownloadError } from './DownloadError.ts';
import { hashFile } from './_internals/hashFile.ts';

export interface DownloadProgress {
  readonly url: string;
  /** Bytes of the file on disk so far, a resumed prefix included. */
  readonly received: number;
  /** Full size when the server says it, else null. */
  readonly total: number | null;
  /** Bytes this attempt reused from an interrupted one (the `.part` file). */
  readonly resumedFrom: number;
}

export interface DownloadFileOptions {
  /** Expected sha256 (hex). Absent or null: nothing to compare with; the result carries the hash. */
  sha256?: string | null | undefined;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** Further attempts after a dropped connection, a timeout or HTTP 5xx/429 (default 5). */
  retries?: number | undefined;
  /** Wait before retry n (1-based), in ms. Default 1 s, 2 s, 4 s … at most 30 s. */
  retryDelayMs?: ((attempt: number) => number) | undefined;
  /** Give up on an attempt when no byte arrives for this long (default 60 s). */
  idleTimeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  /** True when `sha256` was given and matched. */
  readonly verified: boolean;
  /** Bytes reused from an earlier, interrupted run of this download. */
  readonly resumedFrom: number;
  readonly attempts: number;
}

interface Settings {
  readonly sha256: string | null;
  readonly onProgress: (progress: DownloadProgress) => void;
  readonly retries: number;
  readonly retryDelayMs: (attempt: number) => number;
  readonly idleTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

function settings(options: DownloadFileOptions): Settings {
  const sha256 = options.sha256 ? options.sha256.toLowerCase() : null;
  if (sha256 !== null && !/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256 hex digest: ${options.sha256}`);
  return {
    sha256,
    onProgress: options.onProgress ?? (() => {}),
    retries: options.retries ?? 5,
    retryDelayMs: options.retryDelayMs ?? ((n) => Math.min(30_000, 1000 * 2 ** (n - 1))),
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    signal: options.signal,
  };
}

type Attempt =
  | { readonly kind: 'complete'; readonly offset: number }
  /** offset: where the server agreed to start; null when no answer came. */
  | { readonly kind: 'retry'; readonly message: string; readonly offset: number | null };

/**
 * GET `url` into `dest`, resumably: bytes go to `dest.part`, and a later call (or a retry after
 * a dropped connection) asks for the rest with an HTTP Range request. When the file is whole its
 * sha256 is checked; only a verified (or unchecked) file is renamed to `dest`. A file that fails
 * the check is discarded, so the next run starts clean.
 */
export async function downloadFile(url: string, dest: string, options: DownloadFileOptions = {}): Promise<DownloadResult> {
  const s = settings(options);
  const part = `${dest}.part`;
  await fsp.mkdir(path.dirname(dest), { recursive: true });
  // A .part is resumed only for the URL that started it (recorded beside it), never spliced onto another file.
  const meta = await readPartMeta(part);
  if (meta?.url !== url) await fsp.rm(part, { force: true });
  const onDisk = await sizeOf(part);
  let resumedFrom: number | null = null;
  let attempts = 0;
  for (;;) {
    attempts++;
    const outcome = await attempt(url, part, s);
    if (outcome.offset !== null) resumedFrom ??= Math.min(outcome.offset, onDisk);
    if (outcome.kind === 'complete') break;
    if (attempts > s.retries) throw new DownloadError({ kind: 'network', url, message: outcome.message, attempts });
    await sleep(s.retryDelayMs(attempts), undefined, { signal: s.signal });
  }
  const bytes = await sizeOf(part);
  const sha256 = await hashFile(part);
  if (s.sha256 !== null && sha256 !== s.sha256) {
    await fsp.rm(part, { force: true });
    await fsp.rm(metaFile(part), { force: true });
    throw new DownloadError({ kind: 'hash', url, expected: s.sha256, actual: sha256, bytes });
  }
  await fsp.rename(part, dest);
  await fsp.rm(metaFile(part), { force: true });
  return { path: dest, bytes, sha256, verified: s.sha256 !== null, resumedFrom: resumedFrom ?? 0, attempts };
}

/** What we know about a `.part`: the URL it came from and the server's validator (ETag or Last-Modified). */
interface PartMeta {
  readonly url: string;
  readonly validator: string | null;
}

const metaFile = (part: string): string => `${part}.json`;

async function readPartMeta(part: string): Promise<PartMeta | null> {
  try {
    const m = JSON.parse(await fsp.readFile(metaFile(part), 'utf8')) as Partial<PartMeta>;
    return typeof m.url === 'string' ? { url: m.url, validator: typeof m.validator === 'string' ? m.validator : null } : null;
  } catch {
    return null;
  }
}

async function attempt(url: string, part: string, s: Settings): Promise<Attempt> {
  const have = await sizeOf(part);
  const validator = have > 0 ? ((await readPartMeta(part))?.validator ?? null) : null;
  const controller = new AbortController();
  const forward = (): void => controller.abort(s.signal?.reason);
  s.signal?.addEventListener('abort', forward, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Error(`no data for ${s.idleTimeoutMs} ms`)), s.idleTimeoutMs);
  };
  const retry = (why: unknown, offset: number | null = null): Attempt => {
    if (s.signal?.aborted) throw s.signal.reason;
    return { kind: 'retry', message: describe(why), offset };
  };
  try {
    arm();
    let res: Response;
    try {
      res = await fetch(url, {
        // identity: a gzip-encoded body would make byte offsets meaningless for Range.
        // If-Range: should the remote file have changed since the .part began, the server sends it whole.
        headers: {
          'accept-encoding': 'identity',
          ...(have > 0 ? { range: `bytes=${have}-` } : {}),
          ...(validator !== null ? { 'if-range': validator } : {}),
        },
        redirect: 'follow',
        signal: controller.signal,
      });
    } catch (err) {
      return retry(err);
    }
    if (res.status === 416) {
      await res.body?.cancel();
      // Our .part already holds every byte, or it no longer fits the remote file: start over.
      if (parseContentRange(res.headers.get('content-range'))?.total === have) return { kind: 'complete', offset: have };
      await fsp.truncate(part, 0);
      return retry('HTTP 416 for the resumed range; starting again from byte 0', 0);
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      return retry(`HTTP ${res.status}`);
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      throw new DownloadError({ kind: 'http', url, status: res.status });
    }
    const contentType = res.headers.get('content-type') ?? '';
    if (/^\s*text\/html\b/i.test(contentType)) {
      await res.body?.cancel();
      throw new DownloadError({ kind: 'not-a-file', url, contentType });
    }
    let offset = 0;
    let total: number | null = null;
    if (res.status === 206) {
      const range = parseContentRange(res.headers.get('content-range'));
      if (range === null || range.start !== have) {
        await res.body?.cancel();
        await fsp.truncate(part, 0);
        return retry(`unexpected Content-Range ${res.headers.get('content-range') ?? '(none)'}; starting again`, 0);
      }
      offset = have;
      total = range.total;
    } else {
      // 200: the server sent the whole file (it may ignore Range), so overwrite the .part.
      const length = Number(res.headers.get('content-length') ?? NaN);
      total = Number.isSafeInteger(length) ? length : null;
      const etag = res.headers.get('etag');
      const meta: PartMeta = { url, validator: etag !== null && !etag.startsWith('W/') ? etag : res.headers.get('last-modified') };
      await fsp.writeFile(metaFile(part), JSON.stringify(meta));
    }
    let received = offset;
    const file = await fsp.open(part, offset === 0 ? 'w' : 'a');
    try {
      s.onProgress({ url, received, total, resumedFrom: offset });
      if (res.body) {
        for await (const chunk of res.body) {
          arm();
          await file.write(chunk);
          received += chunk.byteLength;
          s.onProgress({ url, received, total, resumedFrom: offset });
        }
      }
    } catch (err) {
      return retry(err, offset);
    } finally {
      await file.close();
    }
    if (total !== null && received !== total) return retry(`connection closed at byte ${received} of ${total}`, offset);
    return { kind: 'complete', offset };
  } finally {
    clearTimeout(idle);
    s.signal?.removeEventListener('abort', forward);
  }
}

// Content-Range "bytes 100-199/1000" gives start 100, total 1000; a 416 answer "bytes */1000" gives start null.
function parseContentRange(header: string | null): { start: number | null; total: number | null } | null {
  const m = /^\s*bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)\s*$/i.exec(header ?? '');
  if (!m) return null;
  return { start: m[1] === undefined ? null : Number(m[1]), total: m[2] === '*' ? null : Number(m[2]) };
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fsp.stat(file)).size;
  } catch {
    return 0;
  }
}

function describe(why: unknown): string {
  if (!(why instanceof Error)) return String(why);
  // undici reports a dropped socket as "terminated", with the reason in `cause`.
  const cause = why.cause instanceof Error ? `: ${why.cause.message}` : '';
  return `${why.message}${cause}`;
}
