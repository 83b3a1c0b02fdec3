import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { command } from '../../src/cli/commands/data.ts';
import { InputError } from '../../src/data/InputError.ts';
import { DownloadError } from '../../src/data/download/DownloadError.ts';
import { downloadSpider } from '../../src/data/download/downloadSpider.ts';
import { spiderStatus } from '../../src/data/download/spiderStatus.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { captureStream, makeZip, patchZip, spiderZip, startServer, type TestServer } from './download.support.ts';

const sha = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');
const fixture = (f: string): Buffer => {
  const url = new URL(`../../fixtures/download/spider-mini/${f}`, import.meta.url);
  return fs.readFileSync(fs.existsSync(url) ? url : new URL(`${url.href}.fixture`));
};

let server: TestServer;
let official: Buffer; // laid out like spider_data.zip: top folder spider_data/, __MACOSX twins
let root: string;
beforeAll(async () => {
  server = await startServer();
  // Padding (skipped on unpack, like the real archive's __MACOSX twins) so the transfer spans many chunks.
  const padding = crypto.createHash('sha512').update('pad').digest().toString('base64').repeat(3000);
  official = await spiderZip({ top: 'spider_data/', macosx: true, extra: [{ name: '__MACOSX/spider_data/._padding', data: padding, store: true }] });
  server.route('/spider_data.zip', { body: official, dropAfter: [Math.floor(official.length / 3)] });
});
afterAll(() => server.close());
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-spider-'));
  server.requests.length = 0;
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Top-level names under the data root: proves no scratch folder or archive is left behind. */
const topLevel = (): string[] => fs.readdirSync(root).sort();

function expectInstalled(): void {
  const status = spiderStatus(root);
  expect(status).toEqual({ ok: true, dir: path.join(root, 'spider'), devDatabases: 2, warnings: [] });
  const p = spiderPaths(root);
  for (const f of ['dev.json', 'tables.json', 'dev_gold.sql', 'train_spider.json', 'train_gold.sql']) {
    expect(fs.readFileSync(path.join(p.root, f)).equals(fixture(f))).toBe(true);
  }
  const db = new Database(p.database('concert_singer'), { readonly: true });
  expect(db.prepare("SELECT name FROM singer WHERE country = 'France' ORDER BY name").pluck().all()).toEqual(['Justin Brown', 'Rose White']);
  db.close();
  expect(fs.existsSync(path.join(p.root, '__MACOSX'))).toBe(false);
  expect(fs.readdirSync(p.root).some((n) => n.startsWith('._'))).toBe(false);
}

describe('downloadSpider', () => {
  test('downloads (resuming after a dropped connection), verifies and installs the spider_data/ layout', async () => {
    const r = await downloadSpider(root, { url: `${server.url}/spider_data.zip`, sha256: sha(official), download: { retryDelayMs: () => 0 } });
    expect(r).toMatchObject({ kind: 'installed', dir: path.join(root, 'spider'), movedAside: null, warnings: [] });
    expect(r.kind === 'installed' && r.archive).toEqual({ source: `${server.url}/spider_data.zip`, bytes: official.length, sha256: sha(official), check: 'verified' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]).toMatchObject({ range: expect.stringMatching(/^bytes=[1-9]\d*-$/), status: 206 });
    expectInstalled();
    expect(topLevel()).toEqual(['spider']);
  });

  test.each([
    ['spider/', 'spider'],
    ['no top folder', ''],
  ])('normalises an archive with %s', async (_what, top) => {
    const zip = await spiderZip({ top: top === '' ? '' : `${top}/` });
    const file = path.join(os.tmpdir(), `t2sql-spider-${process.pid}-${top || 'flat'}.zip`);
    fs.writeFileSync(file, zip);
    try {
      const r = await downloadSpider(root, { zipFile: file });
      expect(r.kind === 'installed' && r.archive.check).toBe('unverified');
      expectInstalled();
      expect(fs.existsSync(file)).toBe(true); // a user's own archive is never removed
    } finally {
      fs.rmSync(file);
    }
  });

  test('a complete spider/ is left alone and nothing is downloaded', async () => {
    await downloadSpider(root, { url: `${server.url}/spider_data.zip`, sha256: sha(official), download: { retryDelayMs: () => 0 } });
    server.requests.length = 0;
    const r = await downloadSpider(root, { url: `${server.url}/spider_data.zip` });
    expect(r).toEqual({ kind: 'present', dir: path.join(root, 'spider') });
    expect(server.requests).toEqual([]);
  });

  test('an incomplete spider/ is refused without force, and moved aside (kept) with it', async () => {
    const mine = path.join(root, 'spider');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'notes.txt'), 'my notes');
    const refused = downloadSpider(root, { url: `${server.url}/spider_data.zip` });
    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(refused).rejects.toThrow(/incomplete.*--force/);
    expect(fs.readdirSync(mine)).toEqual(['notes.txt']);
    expect(server.requests).toEqual([]);

    const r = await downloadSpider(root, { url: `${server.url}/spider_data.zip`, sha256: sha(official), force: true, download: { retryDelayMs: () => 0 } });
    expect(r.kind).toBe('installed');
    const aside = r.kind === 'installed' ? r.movedAside : null;
    expect(aside).toMatch(/spider\.old-\d{8}T\d{6}Z$/);
    expect(fs.readFileSync(path.join(aside!, 'notes.txt'), 'utf8')).toBe('my notes');
    expectInstalled();
  });

  test('a wrong sha256 is rejected before anything is unpacked', async () => {
    const wrong = sha(Buffer.from('not spider'));
    const err = await downloadSpider(root, { url: `${server.url}/spider_data.zip`, sha256: wrong, download: { retryDelayMs: () => 0 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).failure).toMatchObject({ kind: 'hash', expected: wrong, actual: sha(official) });
    expect(topLevel()).toEqual([]);
  });

  test('an unknown URL without --sha256 installs but says the archive was not verified', async () => {
    server.route('/mirror.zip', { body: official });
    const r = await downloadSpider(root, { url: `${server.url}/mirror.zip` });
    expect(r.kind === 'installed' && r.archive).toMatchObject({ sha256: sha(official), check: 'unverified' });
  });

  test('an archive that is not Spider, or that tries to escape, installs nothing', async () => {
    server.route('/other.zip', { body: await makeZip([{ name: 'data/readme.txt', data: 'hello' }]) });
    await expect(downloadSpider(root, { url: `${server.url}/other.zip` })).rejects.toThrow(/does not look like Spider/);
    expect(topLevel()).toEqual([]);

    const evil = patchZip(await spiderZip({ top: 'spider/', extra: [{ name: 'xx/evil.txt', data: 'pwned' }] }), 'xx/evil.txt', '../evil.txt');
    server.route('/evil.zip', { body: evil });
    await expect(downloadSpider(root, { url: `${server.url}/evil.zip` })).rejects.toThrow(/invalid relative path/);
    expect(fs.existsSync(path.join(root, 'evil.txt'))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(root), 'evil.txt'))).toBe(false);
    expect(topLevel()).toEqual([]);
  });

  test('a damaged archive (missing a dev database) is refused, the old folder untouched', async () => {
    const zip = await makeZip([
      { name: 'spider/dev.json', data: fixture('dev.json') },
      { name: 'spider/tables.json', data: fixture('tables.json') },
      { name: 'spider/dev_gold.sql', data: fixture('dev_gold.sql') },
      { name: 'spider/train_spider.json', data: fixture('train_spider.json') },
    ]);
    server.route('/partial.zip', { body: zip });
    await expect(downloadSpider(root, { url: `${server.url}/partial.zip` })).rejects.toThrow(/missing spider\/database\/concert_singer\/concert_singer\.sqlite/);
    expect(topLevel()).toEqual([]);
  });
});

describe('t2sql data spider', () => {
  test('prints progress with bytes and rate on a TTY, then what it installed', async () => {
    const stdout = captureStream(false);
    const stderr = captureStream(true);
    const code = await command.run({
      argv: ['spider', '--data', root, '--url', `${server.url}/mirror-cli.zip`, '--sha256', sha(official).toUpperCase()],
      env: {},
      cwd: root,
      stdout,
      stderr,
    });
    // Not served yet: a 404 is reported in one line, not retried, not a stack trace.
    expect(code).toBe(1);
    expect(stderr.text()).toContain(`t2sql data spider: ${server.url}/mirror-cli.zip: HTTP 404`);
    server.route('/mirror-cli.zip', { body: official });
    const code2 = await command.run({
      argv: ['spider', '--data', root, '--url', `${server.url}/mirror-cli.zip`, '--sha256', sha(official).toUpperCase()],
      env: {},
      cwd: root,
      stdout,
      stderr,
    });
    expect(code2).toBe(0);
    expect(stderr.text()).toMatch(/\r\x1b\[2Kspider: [\d.]+ kB \/ [\d.]+ kB 100%\s+[\d.]+ [kMG]?B\/s/);
    expect(stdout.text()).toContain(`Spider installed at ${path.join(root, 'spider')}`);
    expect(stdout.text()).toContain(`sha256 ${sha(official)} (verified)`);
    expectInstalled();
  });

  test('bad flags are input errors; a second run says Spider is present', async () => {
    const io = { env: {}, cwd: root, stdout: captureStream(false), stderr: captureStream(false) };
    await expect(command.run({ ...io, argv: ['spider', '--sha256', 'abc', '--data', root] })).rejects.toThrow(/64 hex digits/);
    await expect(command.run({ ...io, argv: ['spider', '--bogus'] })).rejects.toBeInstanceOf(InputError);
    await expect(command.run({ ...io, argv: ['spider', '--release', '1999'] })).rejects.toThrow(/--release must be one of/);
    expect(await command.run({ ...io, argv: ['nothing'] })).toBe(2);

    const zip = path.join(root, 'local.zip');
    fs.writeFileSync(zip, official);
    const data = path.join(root, 'data');
    expect(await command.run({ ...io, argv: ['spider', '--data', data, '--zip', zip] })).toBe(0);
    expect(await command.run({ ...io, argv: ['spider', '--data', data, '--zip', zip] })).toBe(0);
    expect(io.stdout.text()).toContain('NOT verified');
    expect(io.stdout.text()).toContain(`Spider is already present at ${path.join(data, 'spider')}`);
  });
});
