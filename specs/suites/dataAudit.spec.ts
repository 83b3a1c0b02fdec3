import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { fetchData, requireData } from '../support/requireData.ts';

// `t2sql data audit` through the command line, on a real gold file cut from Spider dev.
const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-audit-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('t2sql data audit (child process)', () => {
  requireData([paths.devGold], fetchData.spider);
  const lines = fs.readFileSync(paths.devGold, 'utf8').split('\n').slice(0, 40);
  const goldFile = path.join(tmp, 'gold40.sql');
  fs.writeFileSync(goldFile, lines.join('\n') + '\n');
  const env = { T2SQL_HOME: path.join(tmp, 'home') };

  it('lists the ambiguous gold queries, as JSON and as text, and leaves no reversed copies behind', () => {
    const r = runCliProcess(['data', 'audit', '--gold', goldFile, '--json', '--jobs', '2'], { env, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const audit = JSON.parse(r.stdout) as { n: number; ambiguous: { index: number; dbId: string; gold: string; tieAt: number | null; rowOrder: boolean }[] };
    expect(audit.n).toBe(40);
    const found = audit.ambiguous.map((a) => a.index);
    expect(found).toEqual(expect.arrayContaining([26, 27]));
    expect(audit.ambiguous.find((a) => a.index === 26)).toMatchObject({ dbId: 'concert_singer', gold: lines[26]!.split('\t')[0], tieAt: 0 });
    expect(found).not.toContain(0);
    const text = runCliProcess(['data', 'audit', '--gold', goldFile, '--jobs', '2'], { env, timeoutMs: 120_000 });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${audit.ambiguous.length} of 40 gold queries are ambiguous`));
    expect(text.stdout).toMatch(/\b26 {2}concert_singer\s+ORDER BY keys tie from row 0/);
    const suites = path.join(tmp, 'home', 'cache', 'suites');
    expect(fs.existsSync(suites) ? fs.readdirSync(suites).filter((f) => f.startsWith('.audit')) : []).toEqual([]);
  }, 120_000);

  it('a gold file naming a database that does not exist is one line naming the file', () => {
    const bad = path.join(tmp, 'bad.sql');
    fs.writeFileSync(bad, 'SELECT 1\tno_such_db\n');
    const r = runCliProcess(['data', 'audit', '--gold', bad], { env, timeoutMs: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(bad);
  }, 60_000);
});
