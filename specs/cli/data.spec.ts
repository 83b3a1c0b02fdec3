/**
 * `t2sql data` as a real child process: Spider from a local archive and over real HTTP on
 * 127.0.0.1, a second run that finds it present, and flags checked before anything is fetched.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictionSetCatalogue } from '../../src/data/published/publishedReplySets.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { spiderZip, startServer, type TestServer } from '../data/download.support.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-data-cli-'));
const bin = path.resolve(import.meta.dirname, '../../bin/t2sql.js');
let zip: Buffer;
let server: TestServer;

/** The CLI as a child process without blocking this process's event loop (which serves HTTP). */
function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  zip = await spiderZip({ top: 'spider_data/' });
  server = await startServer({ '/spider.zip': { body: zip } });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('t2sql data (child process)', () => {
  it('spider --zip installs a local archive; a second run finds it present', () => {
    const file = path.join(tmp, 'spider.zip');
    fs.writeFileSync(file, zip);
    const root = path.join(tmp, 'from-zip');
    const r = runCliProcess(['data', 'spider', '--data', root, '--zip', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Spider installed at ${path.join(root, 'spider')}`);
    expect(fs.existsSync(path.join(root, 'spider', 'tables.json'))).toBe(true);
    const again = runCliProcess(['data', 'spider', '--data', root, '--zip', file]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Spider is already present');
  });

  it('spider --url over HTTP checks the given sha256', async () => {
    const sha = crypto.createHash('sha256').update(zip).digest('hex');
    const root = path.join(tmp, 'from-http');
    const r = await runAsync(['data', 'spider', '--data', root, '--url', `${server.url}/spider.zip`, '--sha256', sha]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`sha256 ${sha} (verified)`);
    const wrong = await runAsync(['data', 'spider', '--data', path.join(tmp, 'wrong'), '--url', `${server.url}/spider.zip`, '--sha256', '0'.repeat(64)]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  });

  it('predictions --list names every published set', () => {
    const r = runCliProcess(['data', 'predictions', '--list']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.split('\t')[0])).toEqual(predictionSetCatalogue().map((s) => s.name));
  });

  it('bad input is one line and fetches nothing', () => {
    const root = path.join(tmp, 'untouched');
    const junk = path.join(tmp, 'junk.zip');
    fs.writeFileSync(junk, 'not a zip');
    const cases: [string[], RegExp, number][] = [
      [['data'], /^t2sql data: expected 'spider', 'predictions' or 'audit'\n/, 2],
      [['data', 'spiders'], /^t2sql data: expected 'spider', 'predictions' or 'audit', got 'spiders'\n/, 2],
      [['data', 'spider', '--data', root, '--release', '1999'], /^t2sql data: --release must be one of .*; got '1999'\n$/, 1],
      [['data', 'spider', '--data', root, '--release', '2024', '--url', 'http://127.0.0.1:9/x.zip'], /^t2sql data: give --url or --release, not both\n$/, 1],
      [['data', 'spider', '--data', root, '--sha256', 'abc'], /^t2sql data: --sha256 must be 64 hex digits, got 'abc'\n$/, 1],
      [['data', 'predictions', '--data', root, '--only', 'resdsql-3b,no-such-set'], /^t2sql data: --only takes a comma-separated list of the \d+ known names; got 'no-such-set'\n$/, 1],
      [['data', 'spider', '--data', root, '--frobnicate'], /^t2sql data: Unknown option '--frobnicate' \(see --help\)\n$/, 1],
      [['data', 'spider', '--data', root, '--zip', path.join(tmp, 'none.zip')], /^t2sql data: .*none\.zip: file not found\n$/, 1],
      [['data', 'spider', '--data', root, '--zip', tmp], /^t2sql data: .*: not a file \(--zip takes the downloaded archive\)\n$/, 1],
    ];
    for (const [args, message, status] of cases) {
      const r = runCliProcess(args);
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
    expect(fs.existsSync(root)).toBe(false);
    const junkRoot = path.join(tmp, 'junk-root');
    const r = runCliProcess(['data', 'spider', '--data', junkRoot, '--zip', junk]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^t2sql data spider: cannot unpack .*junk\.zip: .*\n$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(junkRoot, 'spider'))).toBe(false);
  });
});
