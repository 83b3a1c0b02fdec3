import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { command } from '../../src/cli/commands/data.ts';
import { InputError } from '../../src/data/InputError.ts';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { publishedSetsDir } from '../../src/data/spiderPaths.ts';
import { downloadPublishedPredictions } from '../../src/data/download/downloadPublishedPredictions.ts';
import { normalisePredictions } from '../../src/data/published/normalisePredictions.ts';
import { predictionSetCatalogue } from '../../src/data/published/publishedReplySets.ts';
import { publishedSets } from '../../src/data/published/publishedSets.ts';
import { parseRawFormat, type PublishedSet } from '../../src/data/published/PublishedSet.ts';
import { rawFileUrl } from '../../src/data/published/rawFileUrl.ts';
import { captureStream, startServer, type TestServer } from './download.support.ts';
import { fcParams } from '../support/fastCheck.ts';
import { assertData, fetchData } from '../support/requireData.ts';

const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');
const raw = (f: string): Buffer => fs.readFileSync(new URL(`../../fixtures/download/raw/${f}`, import.meta.url));
const shared = resolveDataRoot({ env: process.env['T2SQL_DATA'] }).dir;
const sharedManifest = path.join(publishedSetsDir(shared), 'MANIFEST.tsv');

/** A made-up published set whose raw file is `rawBytes` and whose pred.sql must be `expected`. */
function fixtureSet(name: string, rawBytes: Buffer, expected: Buffer, format: string, encoding = 'utf-8'): PublishedSet {
  return {
    name, lines: expected.toString().split('\n').length - 1, model: 'fixture', size: '1B', condition: 'test', group: 'test',
    repo: 'fixture-owner/fixture-repo', commit: 'f'.repeat(40), path: `out/${name}.raw`, reported: '', notes: '',
    encoding, rawSha256: sha(rawBytes), rawFormat: parseRawFormat(format), predSha256: sha(expected),
  };
}

const FIXTURES = [
  ['lines with \\t<db_id>, CRLF, no final newline', 'lines-dbid.txt', 'lines-dbid.expected.sql', 'lines'],
  ['lines with tabs inside the SQL', 'lines-tabs.txt', 'lines-tabs.expected.sql', 'lines'],
  ['csv:PREDICTED SQL with quoted multi-line fields', 'preds.csv', 'preds.expected.sql', 'csv:PREDICTED SQL'],
  ['thu_json', 'predict.json', 'predict.expected.sql', 'thu_json'],
] as const;

describe('normalisePredictions', () => {
  test.each(FIXTURES)('%s', (_what, rawFile, expectedFile, format) => {
    const set = fixtureSet('x', raw(rawFile), raw(expectedFile), format);
    expect(normalisePredictions(raw(rawFile), set)).toEqual({ ok: true, text: raw(expectedFile).toString(), lines: set.lines });
  });

  test('decodes a gbk file (three published sets are gbk) and writes UTF-8', () => {
    // "中文" is D6D0 CEC4 in GBK.
    const gbk = Buffer.concat([Buffer.from("SELECT name FROM t WHERE x = '"), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from("'\n")]);
    const r = normalisePredictions(gbk, { rawFormat: { kind: 'lines' }, encoding: 'gbk', lines: 1 });
    expect(r).toEqual({ ok: true, text: "SELECT name FROM t WHERE x = '中文'\n", lines: 1 });
    expect(normalisePredictions(gbk, { rawFormat: { kind: 'lines' }, encoding: 'utf-8', lines: 1 })).toMatchObject({ ok: false, message: /not valid utf-8/ });
  });

  test('a count other than `lines`, a missing CSV column or malformed JSON is a failure, not a crash', () => {
    const lines = { kind: 'lines' } as const;
    expect(normalisePredictions(Buffer.from('a\nb\n'), { rawFormat: lines, encoding: 'utf-8', lines: 3 })).toEqual({ ok: false, message: '2 predictions, expected 3' });
    expect(normalisePredictions(raw('preds.csv'), { rawFormat: { kind: 'csv', column: 'SQL' }, encoding: 'utf-8', lines: 4 })).toMatchObject({ ok: false, message: /no column 'SQL'/ });
    expect(normalisePredictions(Buffer.from('a,"b\n'), { rawFormat: { kind: 'csv', column: 'a' }, encoding: 'utf-8', lines: 1 })).toMatchObject({ ok: false, message: /unterminated quoted field/ });
    expect(normalisePredictions(Buffer.from('{"result": 1}'), { rawFormat: { kind: 'thu_json' }, encoding: 'utf-8', lines: 1 })).toMatchObject({ ok: false, message: /JSON list/ });
  });

  test('property: any SQL written as a quoted CSV column comes back whitespace-collapsed', () => {
    const char = fc.constantFrom(...'SELECT a,b"\'()*=<> \t\r\nxyz01;'.split(''));
    const sqlArb = fc.array(char, { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(sqlArb, { minLength: 1, maxLength: 8 }), (sqls) => {
        const q = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
        const csv = ['id,PREDICTED SQL,db', ...sqls.map((s, i) => `${i},${q(s)},db`)].join('\r\n');
        // Python's ' '.join(s.split()) on ASCII text, written out independently of the code under test.
        const expected = sqls.map((s) => s.split(/[ \t\r\n]+/).filter(Boolean).join(' ') + '\n').join('');
        const r = normalisePredictions(Buffer.from(csv), { rawFormat: { kind: 'csv', column: 'PREDICTED SQL' }, encoding: 'utf-8', lines: sqls.length });
        return r.ok && r.text === expected;
      }),
      fcParams(200),
    );
  });
});

describe('publishedSets', () => {
  test('134 sets with valid metadata, the ones the ladder needs among them', () => {
    const sets = publishedSets();
    expect(sets).toHaveLength(134);
    expect(new Set(sets.map((s) => s.name)).size).toBe(134);
    for (const s of sets) {
      expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(s.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(s.lines).toBe(1034);
      expect(['utf-8', 'gbk']).toContain(s.encoding);
    }
    const kinds = sets.map((s) => s.rawFormat.kind);
    expect([kinds.filter((k) => k === 'lines').length, kinds.filter((k) => k === 'csv').length, kinds.filter((k) => k === 'thu_json').length]).toEqual([128, 5, 1]);
    const names = new Set(sets.map((s) => s.name));
    for (const n of ['resdsql-base', 'resdsql-large', 'resdsql-3b', 'codes-7b-sft', 'codes-15b-sft', 'gpt4-zeroshot', 'gpt4-fewshot', 'dinsql-gpt4']) expect(names).toContain(n);
    expect(sets.find((s) => s.name === 'resdsql-3b')?.reported).toBe('RESDSQL README: dev EX 81.8 / EM 78.0');
  });

  test('raw URLs point at the pinned commit', () => {
    const dail = publishedSets().find((s) => s.name === 'dailsql-gpt4')!;
    expect(rawFileUrl(dail)).toBe(`https://raw.githubusercontent.com/BeachWang/DAIL-SQL/${dail.commit}/results/DAIL-SQL%2BGPT-4.txt`);
  });
});

describe('downloadPublishedPredictions (loopback server)', () => {
  let server: TestServer;
  let root: string;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-preds-'));
    server.requests.length = 0;
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const serve = (set: PublishedSet, body: Buffer): void => server.route(decodeURIComponent(new URL(rawFileUrl(set, 'http://x')).pathname), { body, contentType: 'text/plain; charset=utf-8' });

  test('every published `lines` set whose raw file is its pred.sql goes through the whole pipeline', async () => {
    assertData([sharedManifest], fetchData.shared);
    // For these sets raw_sha256 = pred_sha256, so the shared pred.sql bytes ARE the upstream file.
    const sets = publishedSets().filter((s) => s.rawFormat.kind === 'lines' && s.rawSha256 === s.predSha256);
    expect(sets.length).toBeGreaterThan(80);
    for (const s of sets) serve(s, fs.readFileSync(path.join(shared, 'predictions', s.name, 'pred.sql')));
    const r = await downloadPublishedPredictions(root, { sets, rawBaseUrl: server.url, concurrency: 8 });
    expect(r.outcomes.filter((o) => o.kind !== 'installed')).toEqual([]);
    for (const s of sets) {
      const mine = fs.readFileSync(path.join(root, 'predictions', s.name, 'pred.sql'));
      expect(mine.equals(fs.readFileSync(path.join(shared, 'predictions', s.name, 'pred.sql')))).toBe(true);
      const source = JSON.parse(fs.readFileSync(path.join(root, 'predictions', s.name, 'SOURCE.json'), 'utf8')) as Record<string, string>;
      const theirs = JSON.parse(fs.readFileSync(path.join(shared, 'predictions', s.name, 'SOURCE.json'), 'utf8')) as Record<string, string>;
      for (const k of ['repo', 'commit', 'path', 'format', 'encoding', 'model', 'size', 'condition', 'reported']) expect(source[k]).toBe(theirs[k]);
    }
    expect(fs.readdirSync(root)).toEqual(['predictions']);

    server.requests.length = 0;
    const again = await downloadPublishedPredictions(root, { sets, rawBaseUrl: server.url });
    expect(new Set(again.outcomes.map((o) => o.kind))).toEqual(new Set(['present']));
    expect(server.requests).toEqual([]);
  });

  test('each raw format, served as upstream has it, becomes the expected pred.sql', async () => {
    const sets = FIXTURES.map(([, rawFile, expectedFile, format], i) => fixtureSet(`fixture-${i}`, raw(rawFile), raw(expectedFile), format));
    FIXTURES.forEach(([, rawFile], i) => serve(sets[i]!, raw(rawFile)));
    const r = await downloadPublishedPredictions(root, { sets, rawBaseUrl: server.url });
    expect(r.outcomes.map((o) => o.kind)).toEqual(['installed', 'installed', 'installed', 'installed']);
    FIXTURES.forEach(([, , expectedFile], i) => {
      expect(fs.readFileSync(path.join(root, 'predictions', `fixture-${i}`, 'pred.sql')).equals(raw(expectedFile))).toBe(true);
    });
  });

  test('a wrong raw hash, a wrong normalised hash or a 404 fails that set only, writing nothing for it', async () => {
    const good = fixtureSet('good', raw('preds.csv'), raw('preds.expected.sql'), 'csv:PREDICTED SQL');
    const tampered = fixtureSet('tampered', raw('preds.csv'), raw('preds.expected.sql'), 'csv:PREDICTED SQL');
    const drift = { ...fixtureSet('drift', raw('predict.json'), raw('predict.expected.sql'), 'thu_json'), predSha256: sha('something else') };
    const gone = fixtureSet('gone', raw('lines-tabs.txt'), raw('lines-tabs.expected.sql'), 'lines');
    serve(good, raw('preds.csv'));
    serve(tampered, Buffer.from(raw('preds.csv').toString().replace('pets;', 'pets')));
    serve(drift, raw('predict.json'));
    const r = await downloadPublishedPredictions(root, { sets: [good, tampered, drift, gone], rawBaseUrl: server.url, download: { retryDelayMs: () => 0 } });
    const byName = Object.fromEntries(r.outcomes.map((o) => [o.name, o]));
    expect(byName['good']).toEqual({ name: 'good', kind: 'installed', movedAside: null });
    expect(byName['tampered']).toMatchObject({ kind: 'failed', message: /sha256 mismatch/ });
    expect(byName['drift']).toMatchObject({ kind: 'failed' });
    expect(byName['drift']?.kind === 'failed' && byName['drift'].message).toContain(
      `normalised file hashes to ${sha(raw('predict.expected.sql'))}, expected ${drift.predSha256}`,
    );
    expect(byName['gone']).toMatchObject({ kind: 'failed', message: /HTTP 404/ });
    expect(fs.readdirSync(path.join(root, 'predictions'))).toEqual(['good']);
  });

  test('a pred.sql that differs is kept unless --force, which renames it aside', async () => {
    const set = fixtureSet('mine', raw('lines-dbid.txt'), raw('lines-dbid.expected.sql'), 'lines');
    serve(set, raw('lines-dbid.txt'));
    const pred = path.join(root, 'predictions', 'mine', 'pred.sql');
    fs.mkdirSync(path.dirname(pred), { recursive: true });
    fs.writeFileSync(pred, 'my edited predictions\n');
    const refused = await downloadPublishedPredictions(root, { sets: [set], rawBaseUrl: server.url });
    expect(refused.outcomes[0]).toMatchObject({ kind: 'failed', message: /exists and differs.*--force/ });
    expect(fs.readFileSync(pred, 'utf8')).toBe('my edited predictions\n');
    expect(server.requests).toEqual([]);

    const forced = await downloadPublishedPredictions(root, { sets: [set], rawBaseUrl: server.url, force: true });
    const o = forced.outcomes[0]!;
    expect(o.kind).toBe('installed');
    const aside = o.kind === 'installed' ? o.movedAside! : '';
    expect(fs.readFileSync(aside, 'utf8')).toBe('my edited predictions\n');
    expect(fs.readFileSync(pred).equals(raw('lines-dbid.expected.sql'))).toBe(true);
  });

  test('--only with an unknown name is an input error', async () => {
    await expect(downloadPublishedPredictions(root, { only: ['codes-1b-sft', 'no-such-set'] })).rejects.toBeInstanceOf(InputError);
  });

  test('t2sql data predictions --only … --base-url … installs and reports', async () => {
    assertData([sharedManifest], fetchData.shared);
    const sets = publishedSets().filter((s) => ['resdsql-base', 'resdsql-large', 'resdsql-3b'].includes(s.name));
    for (const s of sets) serve(s, fs.readFileSync(path.join(shared, 'predictions', s.name, 'pred.sql')));
    const stdout = captureStream(false);
    const stderr = captureStream(true);
    const argv = ['predictions', '--data', root, '--only', 'resdsql-base,resdsql-large,resdsql-3b', '--base-url', server.url];
    expect(await command.run({ argv, env: {}, cwd: root, stdout, stderr })).toBe(0);
    expect(stdout.text()).toContain('✓ resdsql-3b\n');
    expect(stdout.text()).toContain(`${path.join(root, 'predictions')}: 3 installed, 0 already present, 0 failed`);
    expect(stderr.text()).toContain('prediction sets: 3/3');

    const list = captureStream(false);
    expect(await command.run({ argv: ['predictions', '--list'], env: {}, cwd: root, stdout: list, stderr })).toBe(0);
    // Every set `data predictions` can fetch: the manifest's and the raw-replies sets.
    expect(list.text().trimEnd().split('\n').map((l) => l.split('\t')[0])).toEqual(predictionSetCatalogue().map((s) => s.name));
    expect(predictionSetCatalogue().length).toBeGreaterThanOrEqual(publishedSets().length);
  });
});
