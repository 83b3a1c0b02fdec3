import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { buildEvaluationReport } from '../../src/evaluate/evaluationReport.ts';
import { evaluateRun } from '../../src/evaluate/evaluateRun.ts';
import { writeEvaluationReport } from '../../src/evaluate/writeEvaluationReport.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const predFile = publishedSetPaths(root, 'resdsql-3b').pred;
const conformance = publishedSetPaths(root, 'resdsql-3b').conformance;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('t2sql eval (child process)', () => {
  requireData([spiderPaths(root).devGold], fetchData.spider);
  requireData([predFile], fetchData.predictions);
  requireData([conformance], fetchData.shared);
  it('scores a partial prediction set with --limit and writes verdicts and a self-describing summary', () => {
    const out = path.join(tmp, 'run');
    const r = runCliProcess(['eval', '--pred', predFile, '--limit', '60', '--out', out, '--no-cache', '--jobs', '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/EX\s+\d+\.\d%/);
    const verdicts = fs.readFileSync(path.join(out, 'verdicts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(verdicts).toHaveLength(60);
    expect(Object.keys(verdicts[0]).slice(0, 4)).toEqual(['index', 'db_id', 'verdict', 'reason']);
    // Verdicts, exact match and hardness equal the official evaluator's on these 60 examples.
    const rows = fs.readFileSync(conformance, 'utf8').trim().split('\n').slice(1, 61).map((l) => l.split('\t'));
    const official = rows.map((r) => Number(r[1]));
    expect(verdicts.map((v) => v.verdict)).toEqual(official);
    expect(verdicts.map((v) => v.em)).toEqual(rows.map((r) => Number(r[2])));
    expect(verdicts.map((v) => v.hardness)).toEqual(rows.map((r) => r[3]));
    expect(r.stdout).toMatch(/EXECUTION ACCURACY[\s\S]*EXACT MATCHING ACCURACY[\s\S]*PARTIAL MATCHING F1/);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.n).toBe(60);
    expect(summary.correct).toBe(official.filter((x) => x === 1).length);
    expect(summary.provenance.gold.sha256).toBe(sha(spiderPaths(root).devGold));
    expect(summary.provenance.predictions.sha256).toBe(sha(predFile));
    expect(summary.provenance.settings).toMatchObject({ compat: 'official', n: 60, keepDistinct: false });
    const dbs = Object.entries(summary.provenance.databases) as [string, string][];
    expect(dbs.length).toBeGreaterThan(0);
    const [key, hash] = dbs[0]!;
    expect(hash).toBe(sha(path.join(spiderPaths(root).databaseDir, key)));
    expect(summary.provenance.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints JSON for machines', () => {
    const r = runCliProcess(['eval', '--pred', predFile, '--limit', '5', '--json', '--no-cache']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ n: 5, compat: { mode: 'official' } });
    const exOnly = runCliProcess(['eval', '--pred', predFile, '--limit', '5', '--json', '--no-cache', '--metric', 'ex']);
    expect(JSON.parse(exOnly.stdout).em).toBeUndefined();
  });

  it('reports bad input with file and reason, exit 1, no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['eval'], /--pred FILE is required/],
      [['eval', '--pred', path.join(tmp, 'missing.sql')], /missing\.sql: file not found/],
      [['eval', '--pred', predFile, '--limit', 'ten'], /--limit expects an integer from 1 to \d+, got 'ten'/],
      [['eval', '--pred', predFile, '--frobnicate'], /Unknown option '--frobnicate'/],
      [['eval', '--pred', predFile, '--compat', 'loose'], /--compat must be one of official, strict/],
      [['eval', '--pred', predFile, '--metric', 'bleu'], /--metric takes a comma-separated list of ex, em; got 'bleu'/],
    ];
    const short = path.join(tmp, 'short.sql');
    fs.writeFileSync(short, 'SELECT 1\nSELECT 2\n');
    cases.push([['eval', '--pred', short], /short\.sql: 2 predictions but 1034 gold examples/]);
    for (const [args, message] of cases) {
      const r = runCliProcess(args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a library caller writes the same verdicts.jsonl and summary.json as the command', async () => {
    const out = path.join(tmp, 'cli');
    const r = runCliProcess(['eval', '--pred', predFile, '--limit', '40', '--out', out, '--no-cache', '--jobs', '2', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const pool = new SqlitePool({ size: 2 });
    try {
      const result = await evaluateRun({ dataRoot: root, predictionFile: predFile, limit: 40, metrics: ['ex', 'em'], settings: { limits: { timeoutMs: 30_000 } }, executor: pool, suite: { mode: 'none' } });
      const lib = path.join(tmp, 'lib');
      writeEvaluationReport(lib, buildEvaluationReport(result, { wallMs: 0 }));
      const strip = (v: Record<string, unknown>) => ({ ...v, ms: 0 });
      const lines = (dir: string) => fs.readFileSync(path.join(dir, 'verdicts.jsonl'), 'utf8').trim().split('\n').map((l) => strip(JSON.parse(l)));
      expect(lines(lib)).toEqual(lines(out));
      const summary = (dir: string) => {
        const { wall_ms: _w, provenance, ...rest } = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
        return { ...rest, provenance: { ...provenance, createdAt: null } };
      };
      expect(summary(lib)).toEqual(summary(out));
    } finally {
      await pool.close();
    }
  });

  it('a run whose queries could not run reports them as unavailable, never as a score', async () => {
    const pool = new SqlitePool({ size: 1 });
    await pool.close();
    const result = await evaluateRun({ dataRoot: root, predictionFile: predFile, limit: 5, executor: pool });
    const report = buildEvaluationReport(result, { wallMs: 0 });
    expect(report.unavailable).toBe(5);
    expect(report.verdicts.map((v) => [v.reason, v.verdict, v.message])).toEqual(Array(5).fill(['unavailable', 0, 'pool closed']));
  });

  it('explains itself with --help, and lists commands without arguments', () => {
    const help = runCliProcess(['eval', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--compat MODE');
    const usage = runCliProcess([]);
    expect(usage.status).toBe(2);
    expect(usage.stdout).toContain('eval');
  });
});
