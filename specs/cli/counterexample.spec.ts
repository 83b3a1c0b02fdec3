import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/runCliProcess.ts';
import { requireData } from '../support/requireData.ts';
import { devGolds, fetchSpider, paths, requiredFiles } from '../suites/support/suiteData.ts';

describe('t2sql counterexample', () => {
  requireData(requiredFiles, fetchSpider);
  let tmp: string;
  let predFile: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-suites-cli-'));
    const golds = devGolds().map((g) => g.sql);
    golds[25] = golds[25]!.replace('>', '>=');
    predFile = path.join(tmp, 'pred.sql');
    fs.writeFileSync(predFile, golds.join('\n') + '\n');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const env = () => ({ T2SQL_HOME: path.join(tmp, 'home'), T2SQL_DATA: path.dirname(paths.root) });

  it('prints the minimal database and both results; exit 3 when the prediction is the gold', () => {
    const run = runCliProcess(['counterexample', '--pred', predFile, '--index', '25', '--jobs', '1'], { env: env() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^example 25 \(concert_singer\), suite [0-9a-f]{12}: on the original database the prediction matches the gold$/m);
    expect(run.stdout).toMatch(/counterexample: [1-3] row\(s\), shrunk from \d+/);
    expect(run.stdout).toContain('INSERT INTO "stadium"');
    expect(fs.readdirSync(path.join(tmp, 'home', 'cache', 'suites')).filter((n) => !n.startsWith('.'))).toHaveLength(1);
    const same = runCliProcess(['counterexample', '--pred', predFile, '--index', '24', '--candidates', '10', '--json'], { env: env() });
    expect(same.status).toBe(3);
    expect(JSON.parse(same.stdout)).toMatchObject({ kind: 'none', index: 24, original: 'same' });
  });

  it('bad input is one line naming the flag or the file', () => {
    const noIndex = runCliProcess(['counterexample', '--pred', predFile], { env: env() });
    expect(noIndex.status).toBe(1);
    expect(noIndex.stderr).toBe('t2sql counterexample: --index N is required (see --help)\n');
    const far = runCliProcess(['counterexample', '--pred', predFile, '--index', '5000'], { env: env() });
    expect(far.status).toBe(1);
    expect(far.stderr).toMatch(/^t2sql counterexample: .*dev_gold\.sql: no example 5000: the gold file has 1034 \(0 to 1033\)\n$/);
    const short = path.join(tmp, 'short.sql');
    fs.writeFileSync(short, 'SELECT 1\n');
    const bad = runCliProcess(['counterexample', '--pred', short, '--index', '0'], { env: env() });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('short.sql');
  });
});
