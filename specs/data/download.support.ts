// Test helpers for the download specs: a loopback HTTP server with Range support and fault
// injection, and zip building with yazl (a dev dependency without type declarations).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';

export interface Route {
  body: Buffer;
  contentType?: string;
  /** Answer every request with 200 and the whole body, as servers without Range support do. */
  ignoreRange?: boolean;
  /** One entry per request, in order: drop the connection after sending this many body bytes (null: don't). */
  dropAfter?: (number | null)[];
  /** One entry per request: stop sending (connection left open) after this many body bytes. */
  stallAfter?: (number | null)[];
  /** Strong ETag to send; a request whose If-Range differs gets the whole body (200), as HTTP says. */
  etag?: string;
  /** Answer the first N requests with this status and no body. */
  failFirst?: { count: number; status: number };
}

export interface LoggedRequest {
  readonly path: string;
  readonly range: string | undefined;
  readonly ifRange?: string;
  readonly status: number;
}

export interface TestServer {
  readonly url: string;
  readonly requests: LoggedRequest[];
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (random port) serving `routes`; every request is logged. */
export async function startServer(routes: Record<string, Route> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests: LoggedRequest[] = [];
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const range = req.headers.range;
    const route = table.get(path);
    const n = seen.get(path) ?? 0;
    seen.set(path, n + 1);
    const log = (status: number): void => {
      const ifRange = req.headers['if-range'];
      requests.push({ path, range, status, ...(typeof ifRange === 'string' ? { ifRange } : {}) });
    };
    if (!route) {
      log(404);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.failFirst && n < route.failFirst.count) {
      log(route.failFirst.status);
      res.writeHead(route.failFirst.status, { 'content-type': 'text/plain' }).end('try later');
      return;
    }
    const size = route.body.length;
    const type = route.contentType ?? 'application/octet-stream';
    let start = 0;
    let status = 200;
    const m = /^bytes=(\d+)-$/.exec(range ?? '');
    const ifRange = req.headers['if-range'];
    if (m && !route.ignoreRange && (ifRange === undefined || ifRange === route.etag)) {
      start = Number(m[1]);
      if (start >= size) {
        log(416);
        res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
      status = 206;
    }
    log(status);
    res.writeHead(status, {
      'content-type': type,
      'content-length': String(size - start),
      'accept-ranges': 'bytes',
      ...(route.etag !== undefined ? { etag: route.etag } : {}),
      ...(status === 206 ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    const body = route.body.subarray(start);
    const drop = route.dropAfter?.[n] ?? null;
    const stall = route.stallAfter?.[n] ?? null;
    if (drop !== null) {
      // The pause lets the client read what was sent: fetch discards chunks still queued when the socket dies.
      res.write(body.subarray(0, drop), () => setTimeout(() => res.socket?.destroy(), 50));
    } else if (stall !== null) {
      res.write(body.subarray(0, stall));
    } else {
      res.end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (path, route) => void table.set(path, route),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ZipEntry {
  name: string;
  /** Absent: a directory entry (name ends in '/'). */
  data?: Buffer | string;
  /** Unix mode, e.g. 0o120777 for a symbolic link. */
  mode?: number;
  /** Store uncompressed (so tests can patch bytes). */
  store?: boolean;
}

interface YazlZipFile {
  addBuffer(buffer: Buffer, name: string, options?: { mode?: number; compress?: boolean; mtime?: Date }): void;
  addEmptyDirectory(name: string, options?: { mtime?: Date }): void;
  end(): void;
  outputStream: NodeJS.ReadableStream;
}
const yazl = createRequire(import.meta.url)('yazl') as { ZipFile: new () => YazlZipFile };

/** A zip archive (built with yazl) holding `entries`. */
export async function makeZip(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date('2020-08-03T00:00:00Z');
  for (const e of entries) {
    if (e.data === undefined) zip.addEmptyDirectory(e.name, { mtime });
    else {
      zip.addBuffer(Buffer.from(e.data), e.name, {
        mtime,
        ...(e.mode !== undefined ? { mode: e.mode } : {}),
        ...(e.store ? { compress: false } : {}),
      });
    }
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Replaces every occurrence of `from` with `to` (same length) in a zip's bytes: names yazl refuses to write. */
export function patchZip(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('patchZip needs equal lengths');
  const out = Buffer.from(zip);
  const needle = Buffer.from(from);
  let at = out.indexOf(needle);
  if (at < 0) throw new Error(`'${from}' not in zip`);
  while (at >= 0) {
    out.write(to, at, 'latin1');
    at = out.indexOf(needle, at + 1);
  }
  return out;
}

/** A writable stand-in for stdout/stderr that records what was written. */
export function captureStream(isTTY: boolean): NodeJS.WritableStream & { isTTY: boolean; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  }) as unknown as NodeJS.WritableStream & { isTTY: boolean; text(): string };
  stream.isTTY = isTTY;
  stream.text = () => text;
  return stream;
}

/**
 * The miniature Spider in fixtures/download/spider-mini as a zip laid out like an official
 * archive: everything under `top` (e.g. `spider_data/`, `spider/`, or '' for none), each
 * `database/<db>/schema.sql` turned into a real `<db>.sqlite`, and optionally macOS `__MACOSX/` twins.
 */
export async function spiderZip(options: { top: string; macosx?: boolean; extra?: ZipEntry[] }): Promise<Buffer> {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const root = fileURLToPath(new URL('../../fixtures/download/spider-mini/', import.meta.url));
  const entries: ZipEntry[] = [];
  for (const rel of (fs.readdirSync(root, { recursive: true }) as string[]).sort()) {
    const file = path.join(root, rel);
    if (!fs.statSync(file).isFile()) continue;
    // Fixture files named `*.fixture` (so no tool mistakes them for Spider's own) go into the
    // archive under their real names.
    const name = rel.split(path.sep).join('/').replace(/\.fixture$/, '');
    if (name.endsWith('/schema.sql')) {
      const db = new Database(':memory:');
      db.exec(fs.readFileSync(file, 'utf8'));
      const dbId = path.basename(path.dirname(file));
      entries.push({ name: `${options.top}database/${dbId}/${dbId}.sqlite`, data: db.serialize() });
      db.close();
    } else {
      entries.push({ name: `${options.top}${name}`, data: fs.readFileSync(file) });
    }
  }
  if (options.macosx) {
    for (const e of [...entries]) entries.push({ name: `__MACOSX/${path.posix.dirname(e.name)}/._${path.posix.basename(e.name)}`, data: 'Mac OS X resource fork' });
  }
  return makeZip([...entries, ...(options.extra ?? [])]);
}
