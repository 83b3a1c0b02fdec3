// The published Qwen2.5-Coder replies sets (raw model replies as JSONL): fetched at the pinned
// commit from a loopback HTTP server, checked by sha256, the authors' pred.sql reproduced from the
// replies, and t2sql's extractSql compared with it (lines that differ, EX of each, through the
// evaluator) — by the library and by `t2sql data predictions`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { InputError } from '../../src/data/InputError.ts';
import { downloadPublishedPredictions } from '../../src/data/download/downloadPublishedPredictions.ts';
import { normalisePredictions } from '../../src/data/published/normalisePredictions.ts';
import { parseReplies } from '../../src/data/published/parseReplies.ts';
import { publishedReplySets, repliesFile } from '../../src/data/published/publishedReplySets.ts';
import { rawFileUrl } from '../../src/data/published/rawFileUrl.ts';
import { publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { extractSql } from '../../src/prompt/extractSql.ts';
import { compareReplyExtraction } from '../../src/study/compareReplyExtraction.ts';
import { startServer, type TestServer } from '../data/download.support.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const shared = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: repo }).dir;
const sets = publishedReplySets();
const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');
const sharedFiles = sets.flatMap((s) => [repliesFile(publishedSetPaths(shared, s.name).dir), publishedSetPaths(shared, s.name).pred]);
/** What the authors reported (SOURCE.json / replySets.json: "EX 0.65…"). */
const reportedEx = (reported: string): number => Number(/EX (0\.\d+)/.exec(reported)![1]);

describe('parseReplies', () => {
  const line = (id: unknown, predicted: unknown = 'SELECT 1') => JSON.stringify({ id, db_id: 'singer', predicted });
  test('replies in any order come back in index order', () => {
    expect(parseReplies([line(1, 'b'), line(0, 'a')].join('\n') + '\n').map((r) => [r.index, r.reply])).toEqual([[0, 'a'], [1, 'b']]);
  });
  test.each([
    ['not JSON', `${line(0)}\n{"id": 1,`, 2, /not a JSON object/],
    ['an id that is not an index', `${line(0)}\n${line(-1)}`, 2, /"id" must be a split index/],
    ['a reply that is not text', `${line(0)}\n${line(1, null)}`, 2, /"predicted" must be/],
    ['an id twice', `${line(0)}\n${line(0)}`, 2, /id 0 appears twice/],
  ])('%s is an InputError naming the file and line', (_, text, lineNo, message) => {
    const err = (() => {
      try {
        parseReplies(text, { file: 'replies.jsonl' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).where).toEqual({ file: 'replies.jsonl', line: lineNo });
    expect((err as InputError).message).toMatch(message);
  });
  test('a missing index is an error naming it', () => {
    expect(() => parseReplies(`${line(0)}\n${line(2)}\n`, { file: 'r.jsonl', lines: 3 })).toThrow(/2 replies, expected one for each index 0 to 2; missing 1/);
  });
});

describe('the published Qwen2.5-Coder replies sets', () => {
  requireData(sharedFiles, fetchData.predictions);
  let server: TestServer;
  let root: string;
  beforeAll(async () => {
    server = await startServer();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-replies-'));
    // Spider from the shared root, so EX can be computed; predictions/ is the download's own.
    fs.symlinkSync(spiderPaths(shared).root, path.join(root, 'spider'));
  });
  afterAll(async () => {
    await server?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });
  const serve = (name: string, body: Buffer): void => {
    const set = sets.find((s) => s.name === name)!;
    server.route(decodeURIComponent(new URL(rawFileUrl(set, 'http://x')).pathname), { body, contentType: 'text/plain; charset=utf-8' });
  };
  const sharedReplies = (name: string): Buffer => fs.readFileSync(repliesFile(publishedSetPaths(shared, name).dir));

  test('the authors\' extraction, as SOURCE.json describes it, reproduces each published pred.sql byte for byte', () => {
    for (const s of sets) {
      const r = normalisePredictions(sharedReplies(s.name), s);
      expect(r.ok, s.name).toBe(true);
      if (!r.ok) continue;
      expect(sha(r.text), s.name).toBe(s.predSha256);
      expect(r.text).toBe(fs.readFileSync(publishedSetPaths(shared, s.name).pred, 'utf8'));
    }
  });

  test('a download whose bytes do not hash to the pinned file is refused, and nothing is written', async () => {
    const s = sets[0]!;
    const body = Buffer.from(sharedReplies(s.name));
    body[100] = body[100] === 0x41 ? 0x42 : 0x41;
    serve(s.name, body);
    const r = await downloadPublishedPredictions(root, { sets: [s], rawBaseUrl: server.url, download: { retries: 0 } });
    expect(r.outcomes).toEqual([{ name: s.name, kind: 'failed', message: expect.stringMatching(/sha256/) }]);
    expect(fs.existsSync(publishedSetPaths(root, s.name).dir)).toBe(false);
  });

  test('downloads keep replies.jsonl, write the authors\' pred.sql and SOURCE.json; a second run fetches nothing', async () => {
    for (const s of sets) serve(s.name, sharedReplies(s.name));
    const r = await downloadPublishedPredictions(root, { sets, rawBaseUrl: server.url });
    expect(r.outcomes.map((o) => o.kind)).toEqual(['installed', 'installed']);
    for (const s of sets) {
      const p = publishedSetPaths(root, s.name);
      expect(fs.readFileSync(p.pred).equals(fs.readFileSync(publishedSetPaths(shared, s.name).pred))).toBe(true);
      expect(sha(fs.readFileSync(repliesFile(p.dir)))).toBe(s.rawSha256);
      expect(JSON.parse(fs.readFileSync(p.source, 'utf8'))).toMatchObject({ repo: s.repo, commit: s.commit, path: s.path, pred_sha256: s.predSha256, source_sha256: s.rawSha256 });
    }
    const requests = server.requests.length;
    const again = await downloadPublishedPredictions(root, { sets, rawBaseUrl: server.url });
    expect(again.outcomes.map((o) => o.kind)).toEqual(['present', 'present']);
    expect(server.requests.length).toBe(requests);
  });

  test('compareReplyExtraction: extractSql against the authors\' lines, and EX of each through the evaluator', async () => {
    const home = path.join(root, 'home');
    for (const s of sets) {
      const c = await compareReplyExtraction(root, s.name, { home });
      const authors = fs.readFileSync(publishedSetPaths(root, s.name).pred, 'utf8').split('\n');
      const replies = parseReplies(fs.readFileSync(repliesFile(publishedSetPaths(root, s.name).dir), 'utf8'));
      const flat = (x: string) => x.split(/\s+/).filter(Boolean).join(' ');
      const differs = replies.filter((r) => flat(extractSql(r.reply).sql ?? '') !== flat(authors[r.index]!)).map((r) => r.index);
      expect(c.differing).toEqual(differs);
      expect(c.differing.length).toBeLessThan(c.n / 20);
      // The authors' extraction scores what they reported, within a question or two (SQLite versions differ).
      expect(Math.abs(c.ex!.authors.accuracy - reportedEx(s.reported))).toBeLessThan(0.003);
      expect(c.ex!.ours.n).toBe(1034);
    }
  });

  test('t2sql data predictions prints the comparison for each replies set', async () => {
    const only = sets.map((s) => s.name).join(',');
    const r = await execa(process.execPath, [path.join(repo, 'bin/t2sql.js'), 'data', 'predictions', '--only', only, '--base-url', server.url, '--data', root], {
      env: { T2SQL_HOME: path.join(root, 'home') }, reject: false, timeout: 240_000,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 already present');
    for (const s of sets) {
      expect(r.stdout).toMatch(new RegExp(`${s.name.replace(/\./g, '\\.')}: t2sql's extractSql and the authors' pred\\.sql differ on \\d+ of 1034 questions`));
    }
    expect(r.stdout.match(/EX \d+\.\d% with extractSql, \d+\.\d% with the authors' extraction/g)).toHaveLength(2);
  });
});
