/**
 * When the query processes cannot start, `t2sql eval` reports no score: one line saying so,
 * exit 1, no report files. The fault is real: a preload (NODE_OPTIONS) ends each query process
 * as it starts, while the CLI process itself runs normally.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireData } from '../support/requireData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { needed, scratchData, type ScratchData } from './support/scratchData.ts';

let s: ScratchData;

describe('eval and compare with query processes that cannot start (child process)', () => {
  requireData(needed.files, needed.fetch);
  beforeAll(() => {
    s = scratchData();
    fs.writeFileSync(path.join(s.dir, 'end-query-processes.cjs'), "if (/sqlWorker/.test(process.argv[1] || '')) process.exit(3);\n");
  });
  afterAll(() => s?.remove());

  it('is one line and exit 1, not a score of 0%, and writes nothing', () => {
    const preload = path.join(s.dir, 'end-query-processes.cjs');
    const out = path.join(s.dir, 'out');
    const home = path.join(s.dir, 'home');
    const r = runCliProcess(['eval', '--data', s.root, '--pred', s.pred, '--out', out, '--jobs', '1'], {
      env: { NODE_OPTIONS: `--require ${preload}`, T2SQL_HOME: home },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^t2sql eval: 87 of 87 examples could not be run \(.+\); no score reported\n$/);
    expect(fs.existsSync(out)).toBe(false);
    // The same data with working query processes scores.
    const ok = runCliProcess(['eval', '--data', s.root, '--pred', s.pred, '--json', '--jobs', '1'], { env: { T2SQL_HOME: home } });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).correct).toBeGreaterThan(0);
  });

  it('compare says the same in one line, and caches nothing it could not score', () => {
    const preload = path.join(s.dir, 'end-query-processes.cjs');
    const home = path.join(s.dir, 'home-compare');
    const args = ['compare', s.pred, s.pred, '--data', s.root, '--resamples', '100'];
    const r = runCliProcess(args, { env: { NODE_OPTIONS: `--require ${preload}`, T2SQL_HOME: home } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^t2sql compare: .*87 of 87 examples could not be scored: .*; no score reported\n$/);
    const ok = runCliProcess([...args, '--json'], { env: { T2SQL_HOME: home } });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).a.accuracy).toBeGreaterThan(0);
  });
});
