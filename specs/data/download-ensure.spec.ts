import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { publishedSetsDir, spiderPaths } from '../../src/data/spiderPaths.ts';
import { ensureData } from '../../src/data/download/ensureData.ts';
import { parseRawFormat, type PublishedSet } from '../../src/data/published/PublishedSet.ts';
import { rawFileUrl } from '../../src/data/published/rawFileUrl.ts';
import { spiderZip, startServer, type TestServer } from './download.support.ts';
import { assertData, fetchData } from '../support/requireData.ts';

const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');
const shared = resolveDataRoot({ env: process.env['T2SQL_DATA'] });
const sharedFiles = [spiderPaths(shared.dir).dev, path.join(publishedSetsDir(shared.dir), 'MANIFEST.tsv')];

const rawA = Buffer.from('SELECT 1\tconcert_singer\nSELECT  2\tpets_1\n');
const predA = 'SELECT 1\nSELECT 2\n';
const sets: PublishedSet[] = ['set-a', 'set-b'].map((name) => ({
  name, lines: 2, model: 'm', size: '1B', condition: 'c', group: 'g', repo: 'o/r', commit: 'c'.repeat(40), path: `${name}.txt`,
  reported: '', notes: '', encoding: 'utf-8', rawSha256: sha(rawA), rawFormat: parseRawFormat('lines'), predSha256: sha(predA),
}));

let server: TestServer;
let zip: Buffer;
let root: string;
beforeAll(async () => {
  server = await startServer();
  zip = await spiderZip({ top: 'spider/' });
  server.route('/spider.zip', { body: zip });
  for (const s of sets) server.route(decodeURIComponent(new URL(rawFileUrl(s, 'http://x')).pathname), { body: rawA });
});
afterAll(() => server.close());
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-ensure-'));
  server.requests.length = 0;
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('ensureData', () => {
  test('without fetch: one message naming what is missing and the exact command line', async () => {
    const r = await ensureData(root, { fetch: false, sets });
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.message;
    expect(message).toContain('Spider 1.0 (missing spider/dev.json');
    expect(message).toContain('2 of 2 published prediction sets (set-a, set-b)');
    expect(message.split('\n').at(-1)).toBe(`Run: npm run t2sql -- data spider --data ${root} && npm run t2sql -- data predictions --data ${root}`);
    expect(server.requests).toEqual([]);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('with fetch: downloads Spider and the sets, then reports ok; a second call fetches nothing', async () => {
    const options = { fetch: true, sets, spider: { url: `${server.url}/spider.zip`, sha256: sha(zip) }, predictions: { rawBaseUrl: server.url } };
    expect(await ensureData(root, options)).toEqual({ ok: true });
    expect(fs.readFileSync(path.join(root, 'predictions', 'set-b', 'pred.sql'), 'utf8')).toBe(predA);
    expect(fs.existsSync(path.join(root, 'spider', 'database', 'pets_1', 'pets_1.sqlite'))).toBe(true);
    server.requests.length = 0;
    expect(await ensureData(root, options)).toEqual({ ok: true });
    expect(server.requests).toEqual([]);
  });

  test('only what is missing is named; a failed fetch says why and still gives the command', async () => {
    fs.mkdirSync(path.join(root, 'predictions', 'set-a'), { recursive: true });
    fs.writeFileSync(path.join(root, 'predictions', 'set-a', 'pred.sql'), predA);
    const r = await ensureData(path.join(root, 'my data'), { fetch: true, sets, cli: 't2sql', spider: { url: `${server.url}/gone.zip` }, predictions: { rawBaseUrl: server.url } });
    const message = r.ok ? '' : r.message;
    expect(message).toMatch(/Fetching failed:\n {2}.*gone\.zip: HTTP 404/);
    expect(message.split('\n').at(-1)).toBe(`Run: t2sql data spider --data '${path.join(root, 'my data')}' && t2sql data predictions --data '${path.join(root, 'my data')}'`);

    const partial = await ensureData(root, { fetch: false, sets, spider: {} });
    expect(partial.ok === false && partial.message).toContain('1 of 2 published prediction sets (set-b)');
  });

  test('the shared data root has everything the ladder needs', async () => {
    assertData(sharedFiles, fetchData.shared);
    expect(await ensureData(shared.dir, { fetch: false })).toEqual({ ok: true });
  });
});
