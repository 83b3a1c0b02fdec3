import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DownloadError } from '../../src/data/download/DownloadError.ts';
import { downloadFile, type DownloadProgress } from '../../src/data/download/downloadFile.ts';
import { startServer, type TestServer } from './download.support.ts';
import { fcParams } from '../support/fastCheck.ts';

const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');
// Deterministic pseudo-random bytes, big enough to arrive in several chunks.
const body = crypto.createHash('sha512').update('t2sql').digest().toString('hex').repeat(4000).slice(0, 300_000);
const BODY = Buffer.from(body);
const noWait = { retryDelayMs: () => 0 };

/** Where each attempt started and the last size it reported (an attempt opens with received === resumedFrom). */
function attempts(seen: readonly DownloadProgress[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let prev: DownloadProgress | undefined;
  for (const p of seen) {
    if (prev === undefined || p.resumedFrom !== prev.resumedFrom || p.received < prev.received) out.push({ start: p.resumedFrom, end: p.received });
    out.at(-1)!.end = p.received;
    prev = p;
  }
  return out;
}

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-dl-'));
  server.requests.length = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('downloadFile', () => {
  test('downloads the whole file, checks its sha256 and reports monotone progress', async () => {
    server.route('/a.bin', { body: BODY });
    const seen: DownloadProgress[] = [];
    const dest = path.join(dir, 'a.bin');
    const r = await downloadFile(`${server.url}/a.bin`, dest, { sha256: sha(BODY), onProgress: (p) => seen.push(p) });
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
    expect(r).toMatchObject({ bytes: BODY.length, sha256: sha(BODY), verified: true, resumedFrom: 0, attempts: 1 });
    expect(fs.existsSync(`${dest}.part`)).toBe(false);
    expect(seen.at(-1)).toMatchObject({ received: BODY.length, total: BODY.length });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.received).toBeGreaterThanOrEqual(seen[i - 1]!.received);
  });

  test('a connection dropped mid-body is resumed with a Range request from the bytes on disk', async () => {
    server.route('/drop.bin', { body: BODY, dropAfter: [70_000, 50_000] });
    const dest = path.join(dir, 'drop.bin');
    const seen: DownloadProgress[] = [];
    const r = await downloadFile(`${server.url}/drop.bin`, dest, { ...noWait, sha256: sha(BODY), onProgress: (p) => seen.push(p) });
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
    expect(r.attempts).toBe(3);
    // Each attempt asks for exactly what the previous one left on disk (its last reported size).
    const [a1, a2, a3] = attempts(seen);
    expect(a1!.start).toBe(0);
    expect(a2!.start).toBe(a1!.end);
    expect(a3!.start).toBe(a2!.end);
    expect(a1!.end).toBeGreaterThan(0);
    expect(a1!.end).toBeLessThanOrEqual(70_000);
    expect(a2!.end).toBeLessThanOrEqual(a1!.end + 50_000);
    expect(server.requests.map((q) => [q.range, q.status])).toEqual([
      [undefined, 200],
      [`bytes=${a2!.start}-`, 206],
      [`bytes=${a3!.start}-`, 206],
    ]);
  });

  test('a later run continues where an interrupted one stopped', async () => {
    server.route('/resume.bin', { body: BODY, dropAfter: [123_456] });
    const dest = path.join(dir, 'resume.bin');
    const first = downloadFile(`${server.url}/resume.bin`, dest, { retries: 0, sha256: sha(BODY) });
    await expect(first).rejects.toMatchObject({ failure: { kind: 'network', attempts: 1 } });
    const kept = fs.statSync(`${dest}.part`).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(123_456);
    expect(fs.existsSync(dest)).toBe(false);

    const r = await downloadFile(`${server.url}/resume.bin`, dest, { sha256: sha(BODY) });
    expect(r.resumedFrom).toBe(kept);
    expect(server.requests.at(-1)).toMatchObject({ range: `bytes=${kept}-`, status: 206 });
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
  });

  test('a wrong sha256 is rejected and the download discarded', async () => {
    server.route('/bad.bin', { body: BODY });
    const dest = path.join(dir, 'bad.bin');
    const wrong = sha('something else');
    const err = await downloadFile(`${server.url}/bad.bin`, dest, { sha256: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).failure).toEqual({ kind: 'hash', url: `${server.url}/bad.bin`, expected: wrong, actual: sha(BODY), bytes: BODY.length });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a server that ignores Range sends the whole file again, which replaces the partial one', async () => {
    server.route('/norange.bin', { body: BODY, ignoreRange: true, dropAfter: [100_000] });
    const dest = path.join(dir, 'norange.bin');
    const seen: DownloadProgress[] = [];
    const r = await downloadFile(`${server.url}/norange.bin`, dest, { ...noWait, sha256: sha(BODY), onProgress: (p) => seen.push(p) });
    const [first, second] = attempts(seen);
    expect(first!.end).toBeGreaterThan(0);
    expect(server.requests.map((q) => [q.range, q.status])).toEqual([
      [undefined, 200],
      [`bytes=${first!.end}-`, 200],
    ]);
    expect(second).toEqual({ start: 0, end: BODY.length });
    expect(r.resumedFrom).toBe(0);
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
  });

  test('a .part that already holds every byte completes on HTTP 416 without a body', async () => {
    server.route('/done.bin', { body: BODY });
    const dest = path.join(dir, 'done.bin');
    fs.writeFileSync(`${dest}.part`, BODY);
    fs.writeFileSync(`${dest}.part.json`, JSON.stringify({ url: `${server.url}/done.bin` }));
    const r = await downloadFile(`${server.url}/done.bin`, dest, { sha256: sha(BODY) });
    expect(server.requests).toEqual([{ path: '/done.bin', range: `bytes=${BODY.length}-`, status: 416 }]);
    expect(r).toMatchObject({ verified: true, resumedFrom: BODY.length });
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
  });

  test('a .part longer than the remote file is discarded and the file fetched again', async () => {
    server.route('/short.bin', { body: BODY });
    const dest = path.join(dir, 'short.bin');
    fs.writeFileSync(`${dest}.part`, Buffer.concat([BODY, Buffer.from('stale tail')]));
    fs.writeFileSync(`${dest}.part.json`, JSON.stringify({ url: `${server.url}/short.bin` }));
    await downloadFile(`${server.url}/short.bin`, dest, { ...noWait, sha256: sha(BODY) });
    expect(server.requests.map((q) => q.status)).toEqual([416, 200]);
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
  });

  test('a .part left by another URL is not resumed', async () => {
    server.route('/new.bin', { body: BODY });
    const dest = path.join(dir, 'new.bin');
    fs.writeFileSync(`${dest}.part`, 'x'.repeat(1000));
    fs.writeFileSync(`${dest}.part.json`, JSON.stringify({ url: `${server.url}/old.bin` }));
    await downloadFile(`${server.url}/new.bin`, dest, { sha256: sha(BODY) });
    expect(server.requests).toEqual([{ path: '/new.bin', range: undefined, status: 200 }]);
    expect(fs.readdirSync(dir)).toEqual(['new.bin']);
  });

  test('If-Range: when the remote file changed since the .part began, the new file is fetched whole', async () => {
    server.route('/moving.bin', { body: BODY, etag: '"v1"', dropAfter: [100_000] });
    const dest = path.join(dir, 'moving.bin');
    await expect(downloadFile(`${server.url}/moving.bin`, dest, { retries: 0 })).rejects.toBeInstanceOf(DownloadError);
    const v2 = Buffer.from(body.toUpperCase());
    server.route('/moving.bin', { body: v2, etag: '"v2"' });
    const r = await downloadFile(`${server.url}/moving.bin`, dest, { sha256: sha(v2) });
    expect(server.requests.at(-1)).toMatchObject({ ifRange: '"v1"', status: 200 });
    expect(server.requests.at(-1)?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(r.resumedFrom).toBe(0);
    expect(fs.readFileSync(dest).equals(v2)).toBe(true);
  });

  test('HTTP 5xx is retried; HTTP 404 is not', async () => {
    server.route('/flaky.bin', { body: BODY, failFirst: { count: 2, status: 503 } });
    await downloadFile(`${server.url}/flaky.bin`, path.join(dir, 'flaky.bin'), { ...noWait, sha256: sha(BODY) });
    expect(server.requests.map((q) => q.status)).toEqual([503, 503, 200]);

    server.requests.length = 0;
    const err = await downloadFile(`${server.url}/missing.bin`, path.join(dir, 'missing.bin'), noWait).catch((e: unknown) => e);
    expect((err as DownloadError).failure).toEqual({ kind: 'http', url: `${server.url}/missing.bin`, status: 404 });
    expect(server.requests).toHaveLength(1);
  });

  test('retries are bounded: persistent failure ends in a network error naming the attempts', async () => {
    server.route('/down.bin', { body: BODY, failFirst: { count: 99, status: 502 } });
    const err = await downloadFile(`${server.url}/down.bin`, path.join(dir, 'down.bin'), { ...noWait, retries: 2 }).catch((e: unknown) => e);
    expect((err as DownloadError).failure).toMatchObject({ kind: 'network', message: 'HTTP 502', attempts: 3 });
  });

  test('a web page instead of the file (Google Drive quota page) is refused', async () => {
    server.route('/page', { body: Buffer.from('<html>Quota exceeded</html>'), contentType: 'text/html; charset=utf-8' });
    const err = await downloadFile(`${server.url}/page`, path.join(dir, 'page.zip')).catch((e: unknown) => e);
    expect((err as DownloadError).failure).toMatchObject({ kind: 'not-a-file', contentType: 'text/html; charset=utf-8' });
  });

  test('a stalled connection times out and the retry resumes', async () => {
    server.route('/stall.bin', { body: BODY, stallAfter: [40_000] });
    const dest = path.join(dir, 'stall.bin');
    const r = await downloadFile(`${server.url}/stall.bin`, dest, { ...noWait, idleTimeoutMs: 300, sha256: sha(BODY) });
    expect(r.attempts).toBe(2);
    // A stalled (not closed) connection delivered every byte it sent: the retry starts right after them.
    expect(server.requests[1]).toMatchObject({ range: 'bytes=40000-', status: 206 });
    expect(fs.readFileSync(dest).equals(BODY)).toBe(true);
  });

  test('property: whatever the points where connections drop, the file arrives intact', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 4 }), async (drops) => {
        const small = BODY.subarray(0, 20_000);
        const route = `/p${run++}.bin`;
        server.route(route, { body: small, dropAfter: drops });
        const dest = path.join(dir, `${route.slice(1)}`);
        await downloadFile(`${server.url}${route}`, dest, { ...noWait, retries: drops.length, sha256: sha(small) });
        return fs.readFileSync(dest).equals(small);
      }),
      fcParams(25),
    );
  });
});
