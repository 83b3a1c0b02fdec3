/**
 * `t2sql eval --out` that cannot be written is refused before any scoring starts: one error line
 * naming the place, exit 1, and nothing executed (the gold cache stays empty).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireData } from '../support/requireData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { needed, scratchData, type ScratchData } from './support/scratchData.ts';

let s: ScratchData;

describe('eval --out is checked before scoring (child processes)', () => {
  requireData(needed.files, needed.fetch);
  beforeAll(() => {
    s = scratchData();
  });
  afterAll(() => s?.remove());

  function refused(out: string, message: RegExp): void {
    const home = fs.mkdtempSync(path.join(s.dir, 'home-'));
    const r = runCliProcess(['eval', '--data', s.root, '--pred', s.pred, '--out', out], { env: { T2SQL_HOME: home } });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
    // Nothing ran: no gold result was executed and cached.
    expect(fs.readdirSync(home)).toEqual([]);
  }

  it('an existing file, a folder under a file, a place that refuses new folders, a report file that is a folder', () => {
    refused(s.pred, new RegExp(`^t2sql eval: ${s.pred}: exists and is not a folder`));
    refused(path.join(s.pred, 'sub'), new RegExp(`^t2sql eval: ${s.pred}/sub: .*a parent is a file, not a folder`));
    refused('/proc/t2sql-out', /^t2sql eval: \/proc\/t2sql-out: cannot create the output folder/);
    const dir = path.join(s.dir, 'blocked');
    fs.mkdirSync(path.join(dir, 'summary.json'), { recursive: true });
    refused(dir, /summary\.json: is a folder/);
  });

  it('a writable --out, even a new nested one, gets verdicts.jsonl and summary.json', () => {
    const out = path.join(s.dir, 'new', 'nested', 'run');
    const r = runCliProcess(['eval', '--data', s.root, '--pred', s.pred, '--out', out, '--no-cache']);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'verdicts.jsonl'), 'utf8').trim().split('\n')).toHaveLength(87);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')).n).toBe(87);
    expect(fs.readdirSync(out).sort()).toEqual(['summary.json', 'verdicts.jsonl']);
  });
});
