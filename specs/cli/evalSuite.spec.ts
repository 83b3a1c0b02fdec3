import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { SUITE_GENERATOR_VERSION } from '../../src/suites/SuiteManifest.ts';
import Database from 'better-sqlite3';
import { runCliProcess } from '../support/runCliProcess.ts';
import { scratchData } from './support/scratchData.ts';
import { fetchData, requireData } from '../support/requireData.ts';

// `t2sql eval --suite none|official|generated` and `t2sql counterexample --database`, through the
// command line on real Spider databases and a real published prediction set.
const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const set = 'nl2sql360-ftsize2-resdsql_text2sql_3b-4000';
const predFile = publishedSetPaths(root, set).pred;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-evalsuite-'));
const env = { T2SQL_HOME: path.join(tmp, 'home') };
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Summary = { ex: number; correct: number; n: number; suite: Record<string, unknown>; tie_dependent: number[]; provenance: { settings: Record<string, unknown>; databases: Record<string, string> } };
function evalRun(name: string, extra: string[]): { summary: Summary; verdicts: Record<string, unknown>[]; stdout: string } {
  const out = path.join(tmp, name);
  const r = runCliProcess(['eval', '--pred', predFile, '--limit', '140', '--metric', 'ex', '--jobs', '2', '--out', out, ...extra], { env, timeoutMs: 120_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const verdicts = fs.readFileSync(path.join(out, 'verdicts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summary: JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary, verdicts, stdout: r.stdout };
}

describe('t2sql eval --suite (child process)', () => {
  requireData([spiderPaths(root).devGold, spiderPaths(root).database('car_1')], fetchData.spider);
  requireData([predFile], fetchData.predictions);

  it('scores on the single database by default, on the generated suite with --suite generated, and names what changed', () => {
    const none = evalRun('none', []);
    expect(none.summary.suite).toMatchObject({ mode: 'none', generator_version: null, seed: null, changed: 0, extra_databases: 0 });
    expect(none.summary.suite.ex_original).toBe(none.summary.ex);
    expect(none.stdout).toMatch(/suite\s+none/);

    const gen = evalRun('generated', ['--suite', 'generated', '--suite-seed', '3']);
    const s = gen.summary.suite as { mode: string; generator_version: string; seed: number; ex_original: number; ex_suite: number; correct_original: number; correct_suite: number; changed: number; changed_examples: number[]; extra_databases: number };
    expect(s).toMatchObject({ mode: 'generated', generator_version: SUITE_GENERATOR_VERSION, seed: 3 });
    expect(gen.summary.provenance.settings).toMatchObject({ suite: 'generated', suiteGenerator: SUITE_GENERATOR_VERSION, suiteSeed: 3 });
    // EX on the original database is the default run's; the suite only takes verdicts away.
    expect(s.correct_original).toBe(none.summary.correct);
    expect(s.correct_suite).toBe(gen.summary.correct);
    expect(s.ex_suite).toBeLessThanOrEqual(s.ex_original);
    expect(s.changed).toBe(s.correct_original - s.correct_suite);
    expect(s.changed).toBeGreaterThan(0);
    expect(s.extra_databases).toBeGreaterThan(0);
    expect(gen.stdout).toMatch(new RegExp(`generated, ${SUITE_GENERATOR_VERSION}, seed 3`));
    expect(gen.stdout).toMatch(new RegExp(`EX original/suite .*\\(${s.changed} verdicts changed by the suite\\)`));
    // Each changed verdict was a match on the original database and names the generated database that rejected it.
    for (const i of s.changed_examples) {
      expect(none.verdicts[i]!.verdict).toBe(1);
      expect(gen.verdicts[i]!.verdict).toBe(0);
      expect(gen.verdicts[i]!.database).toMatch(/^[0-9a-f]{64}\/g\d\d\.sqlite$/);
    }
    // A verdict rejected on the original database is rejected on it in both runs.
    for (const v of gen.verdicts.filter((x) => x.verdict === 0 && !s.changed_examples.includes(x.index as number))) expect(none.verdicts[v.index as number]!.verdict).toBe(0);

    // The database id from the verdict is what `t2sql counterexample --database` takes.
    const i = s.changed_examples[0]!;
    const ce = runCliProcess(['counterexample', '--pred', predFile, '--index', String(i), '--seed', '3', '--database', String(gen.verdicts[i]!.database), '--jobs', '2', '--json'], { env, timeoutMs: 120_000 });
    expect(ce.stderr).toBe('');
    expect(ce.status).toBe(0);
    const answer = JSON.parse(ce.stdout) as { kind: string; original: string; suiteKey: string; rows: number };
    expect(answer).toMatchObject({ kind: 'found', original: 'same', suiteKey: String(gen.verdicts[i]!.database).split('/')[0] });
    expect(answer.rows).toBeGreaterThan(0);
    // A database of another suite (another seed) is refused in one line.
    const wrong = runCliProcess(['counterexample', '--pred', predFile, '--index', String(i), '--database', String(gen.verdicts[i]!.database), '--jobs', '2'], { env, timeoutMs: 120_000 });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/is not of this example's suite .*--seed 0/);
  }, 240_000);

  it('marks the verdict on prediction 132 (ORDER BY a count(*) that ties, LIMIT 1) as tie-dependent', () => {
    const none = evalRun('ties', []);
    expect(none.verdicts[132]).toMatchObject({ index: 132, db_id: 'car_1', tie_dependent: true });
    expect(none.summary.tie_dependent).toContain(132);
    expect(none.verdicts.filter((v) => v.tie_dependent === true).map((v) => v.index)).toEqual(none.summary.tie_dependent);
    // The gold of example 132 has no ties; a prediction without ORDER BY is never tie-dependent.
    expect(none.verdicts.filter((v, i) => v.tie_dependent === true && !/order\s+by/i.test(predLine(i)) && !/order\s+by/i.test(goldLine(i)))).toEqual([]);
  }, 120_000);

  it('--suite official scores on every .sqlite of database/<db_id>/, main file first; none on the main file alone', () => {
    const scratch = scratchData();
    try {
      // A second database in concert_singer's folder: the same file with every other singer gone.
      const extra = path.join(scratch.paths.databaseFolder('concert_singer'), 'concert_singer_half.sqlite');
      fs.copyFileSync(scratch.paths.database('concert_singer'), extra);
      const db = new Database(extra);
      db.exec('DELETE FROM singer_in_concert WHERE Singer_ID % 2 = 0; DELETE FROM singer WHERE Singer_ID % 2 = 0');
      db.close();
      // Example 0 asks how many singers there are: a constant that is right on the main file alone.
      const lines = fs.readFileSync(scratch.pred, 'utf8').split('\n');
      lines[0] = 'SELECT 6';
      fs.writeFileSync(scratch.pred, lines.join('\n'));
      const run = (mode: string) => {
        const out = path.join(scratch.dir, mode);
        const r = runCliProcess(['eval', '--pred', scratch.pred, '--data', scratch.root, '--metric', 'ex', '--jobs', '2', '--suite', mode, '--out', out], { env, timeoutMs: 120_000 });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const verdicts = fs.readFileSync(path.join(out, 'verdicts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        return { summary: JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as Summary, verdicts };
      };
      const none = run('none');
      const official = run('official');
      const concert = none.verdicts.filter((v) => v.db_id === 'concert_singer').length;
      expect(none.summary.suite).toMatchObject({ mode: 'none', extra_databases: 0, changed: 0 });
      expect(Object.keys(none.summary.provenance.databases as Record<string, string>)).not.toContain('concert_singer/concert_singer_half.sqlite');
      expect(official.summary.suite).toMatchObject({ mode: 'official', extra_databases: concert, correct_original: none.summary.correct });
      expect(Object.keys(official.summary.provenance.databases as Record<string, string>)).toContain('concert_singer/concert_singer_half.sqlite');
      const changed = (official.summary.suite as { changed_examples: number[] }).changed_examples;
      expect(changed).toContain(0);
      for (const i of changed) expect(official.verdicts[i]).toMatchObject({ db_id: 'concert_singer', verdict: 0, database: 'concert_singer_half.sqlite' });
      for (const [i, v] of official.verdicts.entries()) if (!changed.includes(i)) expect(v.verdict).toBe(none.verdicts[i]!.verdict);
    } finally {
      scratch.remove();
    }
  }, 120_000);
});

function predLine(i: number): string {
  return fs.readFileSync(predFile, 'utf8').split('\n')[i] ?? '';
}
function goldLine(i: number): string {
  return fs.readFileSync(spiderPaths(root).devGold, 'utf8').split('\n')[i] ?? '';
}
