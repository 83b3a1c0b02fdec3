import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionEnv } from '../../src/metrics/ExecutionEnv.ts';
import { ExecutionUnavailableError } from '../../src/metrics/ExecutionUnavailableError.ts';
import { scoreExecution } from '../../src/metrics/scoreExecution.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { buildSuite, resolveSuiteSettings, type BuiltSuite } from '../../src/suites/buildSuite.ts';
import { exampleSuites } from '../../src/suites/exampleSuites.ts';
import { readSuiteManifest } from '../../src/suites/readSuiteManifest.ts';
import { SUITE_GENERATOR_VERSION } from '../../src/suites/SuiteManifest.ts';
import { generatorSourceHash, suiteKey } from '../../src/suites/suiteKey.ts';
import { requireData } from '../support/requireData.ts';
import { devGolds, fetchSpider, paths, requiredFiles, suiteInput } from './support/suiteData.ts';

/** Dev golds with a comparison, a LIKE, a four-table join, GROUP BY + ORDER BY + LIMIT, a three-table join with two predicates. */
const GOLDS = [25, 40, 100, 19, 83];

describe('distilled suites for real dev golds', () => {
  requireData(requiredFiles, fetchSpider);
  let pool: SqlitePool;
  let tmp: string;
  const built = new Map<number, BuiltSuite>();
  beforeAll(async () => {
    pool = new SqlitePool({ size: 1 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-suites-build-'));
    for (const i of GOLDS) {
      const g = devGolds()[i]!;
      built.set(i, await buildSuite(suiteInput(g.dbId, g.sql), path.join(tmp, 'a'), pool, { candidates: 30 }));
    }
  });
  afterAll(async () => {
    await pool?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const verdict = async (file: string, gold: string, pred: string) => {
    const env: ExecutionEnv = { executor: pool, databases: () => [file] };
    return (await scoreExecution({ index: 0, dbId: 'x', gold, pred }, env)).correct;
  };

  it.each(GOLDS)('dev gold %i: each neighbour is told apart where the manifest says, and the alive ones nowhere', async (i) => {
    const g = devGolds()[i]!;
    const suite = built.get(i)!;
    const m = suite.manifest;
    expect(m.neighbourStatus).toBe('ok');
    expect(m.counts.killedByOriginal + m.counts.killedBySuite + m.counts.alive).toBe(m.counts.neighbours);
    expect(m.counts.neighbours).toBeGreaterThan(5);
    expect(suite.files.length).toBe(m.databases.length);
    expect(m.databases.reduce((n, d) => n + d.kills, 0)).toBe(m.counts.killedBySuite);
    const original = paths.database(g.dbId);
    for (const file of [original, ...suite.files]) expect(await verdict(file, g.sql, g.sql)).toBe(true);
    for (const n of m.neighbours) {
      if (n.killedBy === 'original') expect(await verdict(original, g.sql, n.sql), n.sql).toBe(false);
      else if (n.killedBy === null) {
        for (const file of [original, ...suite.files]) expect(await verdict(file, g.sql, n.sql), `${n.sql} on ${file}`).toBe(true);
      } else {
        expect(await verdict(original, g.sql, n.sql), n.sql).toBe(true);
        expect(await verdict(path.join(suite.dir, n.killedBy), g.sql, n.sql), n.sql).toBe(false);
      }
    }
  });

  it('catches what the original database cannot: `year >= 2013` for `year > 2013`', () => {
    const m = built.get(25)!.manifest;
    const ge = m.neighbours.find((n) => n.kind === 'comparison' && n.sql.includes('concert.year >= 2013'));
    expect(ge?.killedBy).toMatch(/^g\d\d\.sqlite$/);
    expect(m.counts.killedBySuite).toBeGreaterThan(0);
  });

  it('is cached by content, reproducible from the seed, and rebuilt when a file was altered', async () => {
    const g = devGolds()[25]!;
    const first = built.get(25)!;
    const again = await buildSuite(suiteInput(g.dbId, g.sql), path.join(tmp, 'a'), pool, { candidates: 30 });
    expect(again.cached).toBe(true);
    expect(again.dir).toBe(first.dir);
    const elsewhere = await buildSuite(suiteInput(g.dbId, g.sql), path.join(tmp, 'b'), pool, { candidates: 30 });
    expect(elsewhere.cached).toBe(false);
    expect(elsewhere.manifest.databases.map((d) => d.sha256)).toEqual(first.manifest.databases.map((d) => d.sha256));
    const otherSeed = await buildSuite(suiteInput(g.dbId, g.sql), path.join(tmp, 'b'), pool, { candidates: 30, seed: 1 });
    expect(otherSeed.manifest.key).not.toBe(first.manifest.key);
    // The key names the code that built the suite: other generator code never finds this one.
    const settings = resolveSuiteSettings({ candidates: 30 });
    expect(first.manifest).toMatchObject({ generatorSource: generatorSourceHash(), key: suiteKey(first.manifest.databaseSha256, g.sql, settings) });
    expect(suiteKey(first.manifest.databaseSha256, g.sql, settings, SUITE_GENERATOR_VERSION, '0'.repeat(16))).not.toBe(first.manifest.key);
    fs.appendFileSync(elsewhere.files[0]!, 'x');
    expect(readSuiteManifest(elsewhere.dir)).toMatchObject({ kind: 'invalid', problem: 'file-altered' });
    const rebuilt = await buildSuite(suiteInput(g.dbId, g.sql), path.join(tmp, 'b'), pool, { candidates: 30 });
    expect(rebuilt.cached).toBe(false);
    expect(readSuiteManifest(rebuilt.dir).kind).toBe('ok');
  });

  it('stops at the budget of databases and records the neighbours left alive', async () => {
    const i = [...built.keys()].reduce((a, b) => (built.get(b)!.manifest.databases.length > built.get(a)!.manifest.databases.length ? b : a));
    const g = devGolds()[i]!;
    const full = built.get(i)!.manifest;
    expect(full.databases.length).toBeGreaterThan(1);
    const one = await buildSuite(suiteInput(g.dbId, g.sql), path.join(tmp, 'c'), pool, { candidates: 30, maxDatabases: 1 });
    expect(one.manifest.databases).toHaveLength(1);
    expect(one.manifest.databases[0]).toEqual(full.databases[0]);
    expect(one.manifest.counts.alive).toBe(full.counts.alive + full.counts.killedBySuite - one.manifest.counts.killedBySuite);
    expect(one.manifest.counts.alive).toBeGreaterThan(full.counts.alive);
  });

  it('reads shared suite folders and says what is wrong with a broken one', () => {
    const dir = path.join(tmp, 'broken');
    expect(readSuiteManifest(dir)).toEqual({ kind: 'missing' });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{');
    expect(readSuiteManifest(dir)).toMatchObject({ kind: 'invalid', problem: 'unreadable' });
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"format": 2}');
    expect(readSuiteManifest(dir)).toMatchObject({ kind: 'invalid', problem: 'shape' });
    const copy = path.join(tmp, 'shared');
    fs.cpSync(built.get(40)!.dir, copy, { recursive: true });
    fs.rmSync(path.join(copy, built.get(40)!.manifest.databases[0]?.file ?? 'none'), { force: true });
    const read = readSuiteManifest(copy);
    expect(read.kind).toBe(built.get(40)!.manifest.databases.length > 0 ? 'invalid' : 'ok');
  });

  it('without query processes there is no suite: the project\'s ExecutionUnavailableError', async () => {
    const closed = new SqlitePool({ size: 1 });
    await closed.close();
    const g = devGolds()[25]!;
    await expect(buildSuite(suiteInput(g.dbId, g.sql), path.join(tmp, 'closed'), closed)).rejects.toBeInstanceOf(ExecutionUnavailableError);
    expect(fs.readdirSync(path.join(tmp, 'closed'))).toEqual([]);
  });

  it('settings are checked once, with their defaults', () => {
    expect(resolveSuiteSettings()).toEqual({ seed: 0, candidates: 40, maxDatabases: 8, maxRows: 5, valuesPerColumn: 12, compat: 'official', keepDistinct: false });
    expect(() => resolveSuiteSettings({ maxRows: 0 })).toThrow(RangeError);
    expect(() => resolveSuiteSettings({ seed: 0.5 })).toThrow(RangeError);
  });

  it('gives each example its suite databases (what eval --suite generated reads)', async () => {
    const examples = [25, 40].map((i) => ({ index: i, dbId: devGolds()[i]!.dbId, gold: devGolds()[i]!.sql, databaseFile: paths.database(devGolds()[i]!.dbId) }));
    const progress: number[] = [];
    const suites = await exampleSuites(examples, path.join(tmp, 'a'), pool, { candidates: 30, onProgress: (done) => progress.push(done) });
    expect([...suites.keys()].sort()).toEqual([25, 40]);
    expect(suites.get(25)!.cached).toBe(true);
    expect(suites.get(25)!.files).toEqual(built.get(25)!.files);
    expect(progress).toEqual([1, 2]);
  });
});
