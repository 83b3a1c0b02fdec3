import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { mcnemarExact } from '../../src/stats/index.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-compare-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
const conformance = (name: string) =>
  fs.readFileSync(publishedSetPaths(root, name).conformance, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split('\t')[1]));

describe('t2sql compare (child process)', () => {
  const sets = ['resdsql-3b', 'gpt4-zeroshot'].map((name) => publishedSetPaths(root, name));
  requireData([spiderPaths(root).devGold], fetchData.spider);
  requireData(sets.map((s) => s.pred), fetchData.predictions);
  requireData(sets.map((s) => s.conformance), fetchData.shared);
  it('pairs two published sets and decides with the exact McNemar test on their discordant pairs', () => {
    const r = runCliProcess(['compare', 'resdsql-3b', 'gpt4-zeroshot', '--json', '--resamples', '2000'], { env: { T2SQL_HOME: home } });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // The discordant counts follow from the official verdicts of the two sets.
    const a = conformance('resdsql-3b');
    const b = conformance('gpt4-zeroshot');
    const onlyA = a.filter((x, i) => x === 1 && b[i] === 0).length;
    const onlyB = a.filter((x, i) => x === 0 && b[i] === 1).length;
    expect(out.counts).toMatchObject({ b10: onlyA, b01: onlyB });
    expect(out.decision.pValue).toBeCloseTo(mcnemarExact(onlyA, onlyB).pValue, 12);
    expect(out.a.accuracy).toBeCloseTo(a.filter((x) => x === 1).length / 1034, 12);
    expect(out.decision.winner).toBe('a');
  });

  it('prints a readable table and rejects unknown systems', () => {
    const r = runCliProcess(['compare', 'resdsql-3b', 'gpt4-zeroshot', '--resamples', '500'], { env: { T2SQL_HOME: home } });
    expect(r.stdout).toMatch(/mcnemar-exact\s+p = .* ← decides/);
    expect(r.stdout).toContain('verdict: resdsql-3b is significantly more accurate');
    const bad = runCliProcess(['compare', 'resdsql-3b', 'no-such-system'], { env: { T2SQL_HOME: home } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("'no-such-system' is neither a prediction file nor a published set name");
  });
});

describe('t2sql compare: paths and names (child process)', () => {
  const sets = ['resdsql-3b', 'gpt4-zeroshot'].map((name) => publishedSetPaths(root, name));
  requireData([spiderPaths(root).devGold], fetchData.spider);
  requireData(sets.map((s) => s.pred), fetchData.predictions);
  const env = { T2SQL_HOME: home };

  it('a path that does not exist is "file not found", naming it', () => {
    for (const missing of [path.join(home, 'nope', 'pred.sql'), 'runs/b.sql', 'b.jsonl']) {
      const r = runCliProcess(['compare', sets[0]!.pred, missing], { env });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toBe(`t2sql compare: ${missing}: file not found\n`);
    }
    const empty = path.join(home, 'empty-root');
    const absent = runCliProcess(['compare', 'resdsql-3b', sets[1]!.pred, '--data', empty], { env });
    expect(absent.stderr).toBe(`t2sql compare: published set 'resdsql-3b' is not under ${empty}/predictions (run: npx t2sql data predictions --only resdsql-3b --data ${empty})\n`);
    const one = runCliProcess(['compare', sets[0]!.pred], { env });
    expect(one.stderr).toBe('t2sql compare: expected two systems: t2sql compare A B (see --help)\n');
  });

  it('names each side by its set or folder name, never twice pred.sql', () => {
    const byPath = runCliProcess(['compare', sets[0]!.pred, sets[1]!.pred, '--json', '--resamples', '200'], { env });
    expect(byPath.status, byPath.stderr).toBe(0);
    expect(JSON.parse(byPath.stdout).systems).toEqual({ a: 'resdsql-3b', b: 'gpt4-zeroshot' });
    const byFolder = runCliProcess(['compare', path.dirname(sets[0]!.pred), path.dirname(sets[1]!.pred), '--resamples', '200'], { env });
    expect(byFolder.status, byFolder.stderr).toBe(0);
    expect(byFolder.stdout).toMatch(/^ {2}resdsql-3b +\d/m);
    expect(byFolder.stdout).toMatch(/^ {2}gpt4-zeroshot +\d/m);
    expect(byFolder.stdout).not.toContain('pred.sql');
    const named = path.join(home, 'mine.sql');
    fs.copyFileSync(sets[1]!.pred, named);
    const byFile = runCliProcess(['compare', sets[0]!.pred, named, '--json', '--resamples', '200'], { env });
    expect(JSON.parse(byFile.stdout).systems).toEqual({ a: 'resdsql-3b', b: 'mine.sql' });
  });
});
