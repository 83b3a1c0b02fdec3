/**
 * Broken Spider files are one error line naming the file and the command that repairs it, in
 * `t2sql eval` (every metric combination, checked before scoring), `t2sql prompt`, `t2sql
 * counterexample` and `t2sql data audit` — never a stack trace, an empty schema, a score computed
 * on an empty database, a prediction said to "already differ" or a gold said to be ambiguous
 * because its database is empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requireData } from '../support/requireData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { needed, scratchData, type ScratchData } from './support/scratchData.ts';

let s: ScratchData;

/** Each way of breaking the data, and the file the error must name. */
const breakages: { name: string; breakIt: (s: ScratchData) => string }[] = [
  { name: 'a zero-byte database', breakIt: (s) => (fs.writeFileSync(s.paths.database('pets_1'), ''), s.paths.database('pets_1')) },
  {
    name: 'a truncated database',
    breakIt: (s) => {
      const f = s.paths.database('pets_1');
      fs.writeFileSync(f, fs.readFileSync(f).subarray(0, 8192));
      return f;
    },
  },
  {
    name: 'a database without tables',
    breakIt: (s) => {
      const f = s.paths.database('pets_1');
      fs.rmSync(f);
      const db = new Database(f);
      db.pragma('user_version = 7');
      db.close();
      return f;
    },
  },
  { name: 'a database folder without a .sqlite file', breakIt: (s) => (fs.rmSync(s.paths.database('pets_1')), s.paths.databaseFolder('pets_1')) },
  { name: 'a missing tables.json', breakIt: (s) => (fs.rmSync(s.paths.tables), s.paths.tables) },
  { name: 'a malformed tables.json', breakIt: (s) => (fs.writeFileSync(s.paths.tables, '[{"db_id": "pets_1",'), s.paths.tables) },
  { name: 'an empty tables.json ([])', breakIt: (s) => (fs.writeFileSync(s.paths.tables, '[]\n'), s.paths.tables) },
  {
    name: 'a tables.json without a database the gold needs',
    breakIt: (s) => {
      const entries = JSON.parse(fs.readFileSync(s.paths.tables, 'utf8')) as { db_id: string }[];
      fs.writeFileSync(s.paths.tables, JSON.stringify(entries.filter((e) => e.db_id !== 'pets_1')));
      return s.paths.tables;
    },
  },
];

function expectRepairLine(r: { status: number | null; stdout: string; stderr: string }, file: string, what: string): void {
  expect(r.status, `${what}: ${r.stderr}`).toBe(1);
  expect(r.stdout, what).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, what).toHaveLength(1);
  expect(lines[0], what).toContain(file);
  expect(lines[0], what).toContain(`npx t2sql data spider --force --data ${s.root}`);
}

describe('broken Spider data (child processes)', () => {
  requireData(needed.files, needed.fetch);
  beforeAll(() => {
    s = scratchData();
  });
  beforeEach(() => s.reset());
  afterAll(() => s?.remove());

  it('the intact scratch data scores (so each failure below is the breakage)', () => {
    for (const metric of ['ex', 'em', 'ex,em']) {
      const r = runCliProcess(['eval', '--data', s.root, '--pred', s.pred, '--metric', metric, '--no-cache', '--json', '--jobs', '1']);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).n).toBe(87);
    }
  });

  for (const { name, breakIt } of breakages) {
    it(`eval, every metric combination: ${name}`, () => {
      const file = breakIt(s);
      for (const metric of ['ex', 'em', 'ex,em']) {
        const out = path.join(s.dir, 'out', 'run');
        const r = runCliProcess(['eval', '--data', s.root, '--pred', s.pred, '--metric', metric, '--no-cache', '--jobs', '1', '--out', out]);
        expectRepairLine(r, file, `${name}, --metric ${metric}`);
        // The --out folders made for the report are gone again: no empty report folder is left.
        expect(fs.existsSync(path.join(s.dir, 'out'))).toBe(false);
      }
    });
  }

  for (const { name, breakIt } of breakages.filter((b) => !b.name.includes('gold needs'))) {
    it(`prompt: ${name}`, () => {
      const file = breakIt(s);
      const r = runCliProcess(['prompt', '--data', s.root, '--db', 'pets_1', '--question', 'How many pets are there?', '--tokenizer', 'estimate']);
      expectRepairLine(r, file, name);
    });
  }

  it('the intact scratch data gives counterexample and data audit their answers', () => {
    const env = { T2SQL_HOME: path.join(s.dir, 'home') };
    const ce = runCliProcess(['counterexample', '--data', s.root, '--pred', s.pred, '--index', '45', '--jobs', '1', '--json'], { env });
    expect([0, 3], ce.stderr).toContain(ce.status);
    expect(JSON.parse(ce.stdout)).toMatchObject({ index: 45, dbId: 'pets_1', original: 'same' });
    const audit = runCliProcess(['data', 'audit', '--data', s.root, '--jobs', '1', '--json'], { env });
    expect(audit.status, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout).n).toBe(87);
  });

  for (const { name, breakIt } of breakages) {
    it(`counterexample and data audit: ${name}`, () => {
      const file = breakIt(s);
      const env = { T2SQL_HOME: path.join(s.dir, 'home') };
      // Example 45 asks about pets_1, the database broken above.
      const ce = runCliProcess(['counterexample', '--data', s.root, '--pred', s.pred, '--index', '45', '--jobs', '1'], { env });
      expectRepairLine(ce, file, `counterexample: ${name}`);
      const audit = runCliProcess(['data', 'audit', '--data', s.root, '--jobs', '1'], { env });
      expectRepairLine(audit, file, `data audit: ${name}`);
    });
  }

  it('prompt --shots without Spider train examples', () => {
    const train = s.paths.trainSpider;
    const r = runCliProcess(['prompt', '--data', s.root, '--db', 'pets_1', '--question', 'How many pets are there?', '--shots', '2', '--tokenizer', 'estimate']);
    expectRepairLine(r, train, 'missing train_spider.json');
  });
});
