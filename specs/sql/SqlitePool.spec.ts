import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { readGoldFile } from '../../src/data/goldFile.ts';
import { publishedSetPaths, spiderPaths } from '../../src/data/spiderPaths.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);

/** Every file in a folder with its sha256: what "byte-identical and no new file" is checked against. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    out[name] = crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, name))).digest('hex');
  }
  return out;
}

describe('SqlitePool on real Spider databases', () => {
  requireData([paths.devGold, paths.database('world_1')], fetchData.spider);
  let pool: SqlitePool;
  let tmp: string;
  beforeAll(() => {
    pool = new SqlitePool({ size: 2, limits: { timeoutMs: 20_000 } });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-pool-'));
  });
  afterAll(async () => {
    await pool.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('accepts double-quoted string literals as Python\'s sqlite3 does (SQLITE_DQS default)', async () => {
    const out = await pool.execute(paths.database('flight_2'), 'SELECT Abbreviation FROM AIRLINES WHERE Airline = "JetBlue Airways"');
    expect(out).toMatchObject({ kind: 'rows', rows: [['JetBlue']] });
  });

  it('runs every dev gold query that uses a "double-quoted" literal without error', async () => {
    const gold = readGoldFile(paths.devGold).filter((g) => /"[^"]*"/.test(g.sql));
    expect(gold.length).toBeGreaterThan(50);
    const outcomes = await Promise.all(gold.map((g) => pool.execute(paths.database(g.dbId), g.sql)));
    const failures = outcomes.map((o, i) => ({ o, g: gold[i]! })).filter((x) => x.o.kind !== 'rows');
    expect(failures.map((f) => `${f.g.index}: ${f.g.sql}`)).toEqual([]);
    // ...and most of them find the row they name: the literal was read as a string.
    const nonEmpty = outcomes.filter((o) => o.kind === 'rows' && o.rows.length > 0).length;
    expect(nonEmpty / gold.length).toBeGreaterThan(0.8);
  });

  it('types cells as Python does: INTEGER → int (bigint), REAL → float, TEXT, BLOB, NULL', async () => {
    const out = await pool.execute(paths.database('concert_singer'), "SELECT 1, 1.0, 'x', x'00ff', NULL, count(*) FROM singer");
    expect(out.kind).toBe('rows');
    if (out.kind !== 'rows') return;
    const [row] = out.rows;
    expect(row!.slice(0, 3)).toEqual([1n, 1, 'x']);
    expect([...(row![3] as Uint8Array)]).toEqual([0, 255]);
    expect(row![4]).toBeNull();
    expect(typeof row![5]).toBe('bigint');
  });

  it('leaves database files byte-identical and creates no file, whatever the prediction does', async () => {
    const dir = path.join(tmp, 'world_1');
    fs.mkdirSync(dir);
    const db = path.join(dir, 'world_1.sqlite');
    fs.copyFileSync(paths.database('world_1'), db);
    const before = snapshot(dir);
    // The CREATE TABLE statements a published 7B base model emitted on world_1
    // (nl2sql360-llama2-7b-base), which the official evaluator committed into world_1.sqlite.
    const gold = readGoldFile(paths.devGold);
    const publishedFile = publishedSetPaths(root, 'nl2sql360-llama2-7b-base').pred;
    const published = fs.existsSync(publishedFile)
      ? fs
          .readFileSync(publishedFile, 'utf8')
          .split('\n')
          .filter((line, i) => gold[i]?.dbId === 'world_1' && /^\s*create table/i.test(line))
      : [];
    expect(published.length).toBeGreaterThan(0);
    const attacks = [
      'DROP TABLE city',
      'DELETE FROM city',
      "UPDATE country SET Name = 'x'",
      'INSERT INTO city (Name) VALUES ("x")',
      'CREATE TABLE pwned (a)',
      'CREATE TABLE IF NOT EXISTS pwned2 AS SELECT * FROM city',
      ...published,
      `ATTACH DATABASE '${path.join(dir, 'evil.sqlite')}' AS evil`,
      `ATTACH '${path.join(dir, 'evil2.sqlite')}' AS e2`,
      // SQLite skips empty statements and comments before the keyword; so must the guard.
      `;ATTACH '${path.join(dir, 'evil3.sqlite')}' AS e3`,
      `/*x*/ATTACH '${path.join(dir, 'evil4.sqlite')}' AS e4`,
      `--\r(\n;ATTACH '${path.join(dir, 'evil5.sqlite')}' AS e5`,
      // SQLite's whitespace runs on over \v once begun (after a space, or the \n ending a -- comment).
      ` \vATTACH '${path.join(dir, 'evil6.sqlite')}' AS e6`,
      `-- c\n\v;ATTACH '${path.join(dir, 'evil7.sqlite')}' AS e7`,
      `/* unterminated`,
      'PRAGMA writable_schema = ON',
      "UPDATE sqlite_master SET sql = 'garbage' WHERE name = 'city'",
      'PRAGMA journal_mode = WAL',
      `VACUUM INTO '${path.join(dir, 'copy.sqlite')}'`,
      'VACUUM',
      'COMMIT',
      'BEGIN; DROP TABLE city; COMMIT',
      'DROP TABLE city RETURNING *',
      'DELETE FROM city RETURNING Name',
      'REINDEX',
      'ANALYZE',
    ];
    for (const sql of attacks) await pool.execute(db, sql);
    // Each attack ran against the pristine data: the table is still there and unchanged.
    const count = await pool.execute(db, 'SELECT count(*) FROM city');
    expect(count).toMatchObject({ kind: 'rows', rows: [[4079n]] });
    expect(snapshot(dir)).toEqual(before);
  });

  it('runs a text without a statement as Python does (no rows), and a lone /* or \\v as the error SQLite gives', async () => {
    const db = paths.database('concert_singer');
    for (const sql of ['', ';', ' ; ;', '-- only a comment', '/* unterminated', '-- c\n\v', ' \v;']) {
      expect(await pool.execute(db, sql), JSON.stringify(sql)).toMatchObject({ kind: 'rows', rows: [] });
    }
    expect(await pool.execute(db, '/*')).toMatchObject({ kind: 'error' });
    expect(await pool.execute(db, '\v')).toMatchObject({ kind: 'error', message: expect.stringMatching(/unrecognized token/) });
  });

  it('reports write statements like Python does (they return no rows) but never keeps their effect', async () => {
    const db = paths.database('concert_singer');
    expect(await pool.execute(db, 'DELETE FROM singer')).toMatchObject({ kind: 'rows', rows: [] });
    expect(await pool.execute(db, 'SELECT count(*) FROM singer')).toMatchObject({ kind: 'rows', rows: [[6n]] });
    expect(await pool.execute(db, 'SELECT * FROM no_such_table')).toMatchObject({ kind: 'error', message: 'no such table: no_such_table' });
  });

  it('does not let a PRAGMA, however it is hidden, change later queries', async () => {
    const db = paths.database('concert_singer');
    const like = "SELECT count(*) FROM singer WHERE name LIKE 'joe sharp'";
    expect(await pool.execute(db, like)).toMatchObject({ kind: 'rows', rows: [[1n]] });
    for (const pragma of ['PRAGMA case_sensitive_like = 1', '/*x*/ PRAGMA case_sensitive_like = 1', ';PRAGMA case_sensitive_like = 1', '-- c\nPRAGMA case_sensitive_like = 1']) {
      await Promise.all([pool.execute(db, pragma), pool.execute(db, pragma)]);
      const after = await Promise.all([pool.execute(db, like), pool.execute(db, like)]);
      for (const out of after) expect(out, pragma).toMatchObject({ kind: 'rows', rows: [[1n]] });
    }
  });

  it('settles every query when closed while busy, as unavailable (no verdict on the query)', async () => {
    const busy = new SqlitePool({ size: 1 });
    const db = paths.database('concert_singer');
    const slow = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
    const pending = [busy.execute(db, slow), busy.execute(db, 'SELECT 1'), busy.execute(db, 'SELECT 2'), busy.execute(db, 'SELECT 3')];
    await new Promise((r) => setTimeout(r, 300));
    await busy.close();
    const outcomes = await Promise.all(pending);
    expect(outcomes.map((o) => o.kind)).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
    expect(await busy.execute(db, 'SELECT 1')).toEqual({ kind: 'unavailable', message: 'pool closed', ms: 0 });
  });

  it('kills a query that overruns its time limit, then serves the next query', async () => {
    const db = paths.database('concert_singer');
    const infinite = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
    const single = new SqlitePool({ size: 1 });
    try {
      expect(await single.execute(db, 'SELECT 1')).toMatchObject({ kind: 'rows' });
      const out = await single.execute(db, infinite, { timeoutMs: 1500 });
      expect(out.kind).toBe('timeout');
      // Not before its limit. Node's timers count from the event loop's cached clock (whole ms),
      // performance.now() does not: a timer may fire up to ~1 ms early by the latter (1499.64 seen).
      expect(out.ms).toBeGreaterThanOrEqual(1500 - 2);
      // And soon after it, even on a loaded machine or under coverage (an unkilled query runs forever).
      expect(out.ms).toBeLessThan(10_000);
      expect(await single.execute(db, 'SELECT count(*) FROM singer')).toMatchObject({ kind: 'rows', rows: [[6n]] });
      expect(single.spawned).toBe(2);
    } finally {
      await single.close();
    }
  });

  it('times a query from the moment it starts, not from when it was queued behind others', async () => {
    const db = paths.database('concert_singer');
    // About half a second of work here, sent in the same batch as a query allowed 250 ms.
    const slow = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c';
    const single = new SqlitePool({ size: 1 });
    try {
      const [a, b] = await Promise.all([single.execute(db, slow), single.execute(db, 'SELECT count(*) FROM singer', { timeoutMs: 250 })]);
      expect(a).toMatchObject({ kind: 'rows', rows: [[3_000_000n]] });
      expect(b).toMatchObject({ kind: 'rows', rows: [[6n]] });
      expect(single.spawned).toBe(1);
    } finally {
      await single.close();
    }
  });

  it('in one batch, answers the queries around one that overruns and times out only that one', async () => {
    const db = paths.database('concert_singer');
    const infinite = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
    const single = new SqlitePool({ size: 1 });
    try {
      const outcomes = await Promise.all([
        single.execute(db, 'SELECT 1'),
        single.execute(db, 'SELECT count(*) FROM singer'),
        single.execute(db, infinite, { timeoutMs: 1000 }),
        single.execute(db, 'SELECT 3'),
      ]);
      expect(outcomes.map((o) => o.kind)).toEqual(['rows', 'rows', 'timeout', 'rows']);
      expect(outcomes[1]).toMatchObject({ rows: [[6n]] });
      expect(outcomes[3]).toMatchObject({ rows: [[3n]] });
      expect(outcomes[2]!.ms).toBeGreaterThanOrEqual(1000);
      expect(single.spawned).toBe(2);
    } finally {
      await single.close();
    }
  });

  it('turns a 10-million-row cartesian product into too_large, without exhausting memory', async () => {
    const db = paths.database('world_1');
    // city (4079) × country (239) × countrylanguage (984) ≈ 959 million rows.
    const out = await pool.execute(db, 'SELECT * FROM city, country, countrylanguage', { maxRows: 50_000 });
    expect(out).toMatchObject({ kind: 'too_large', reason: 'more than 50000 rows' });
    const bytes = await pool.execute(db, 'SELECT * FROM city, country', { maxBytes: 1_000_000 });
    expect(bytes).toMatchObject({ kind: 'too_large', reason: 'result over 1000000 bytes' });
  });

  it('survives query processes that die: one retry elsewhere, then crashed (charged to the query); the pool recovers', async () => {
    const db = paths.database('concert_singer');
    const slow = pool.execute(db, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c', { timeoutMs: 20_000 });
    const quick = pool.execute(db, 'SELECT count(*) FROM singer');
    // Kill every worker process from outside, as the OOM killer would, twice: the slow query
    // is retried once on a fresh process, then reported.
    for (let round = 0; round < 2; round++) {
      await new Promise((r) => setTimeout(r, 800));
      for (const pid of childPids()) process.kill(pid, 'SIGKILL');
    }
    const out = await slow;
    expect(out).toMatchObject({ kind: 'crashed', message: 'query process died (SIGKILL)' });
    // A query caught in the massacre is retried, not lost.
    expect(await quick).toMatchObject({ kind: 'rows', rows: [[6n]] });
    expect(await pool.execute(db, 'SELECT count(*) FROM singer')).toMatchObject({ kind: 'rows', rows: [[6n]] });
  });

  it('drops invalid UTF-8 bytes from TEXT, as Python\'s decode(errors="ignore") does', async () => {
    const file = path.join(tmp, 'utf8.sqlite');
    const raw = new Database(file);
    raw.exec("CREATE TABLE t (s TEXT); INSERT INTO t VALUES (CAST(x'61ff62c3' AS TEXT)), ('ok')");
    raw.close();
    const out = await pool.execute(file, 'SELECT s FROM t ORDER BY rowid');
    expect(out).toMatchObject({ kind: 'rows', rows: [['ab'], ['ok']] });
  });
});

function childPids(): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmd.includes('sqlWorker')) out.push(Number(entry));
    } catch {
      /* process went away */
    }
  }
  return out;
}
