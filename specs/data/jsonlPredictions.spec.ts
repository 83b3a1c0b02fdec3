/**
 * JSONL predictions are checked against the gold as the text format is: an index outside the
 * gold, an `index` that disagrees with its `question_id`, or a `db_id` that is not the gold's is
 * an error naming file and line — in the library and through `t2sql eval`.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPredictionFile } from '../../src/data/predictionFile.ts';
import { requireData } from '../support/requireData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { inputError, scratchFiles, threeGold } from './inputs.support.ts';
import { needed, scratchData, type ScratchData } from '../cli/support/scratchData.ts';

const scratch = scratchFiles('t2sql-jsonl-');
const jsonl = (lines: object[]) => scratch.file(lines.map((l) => JSON.stringify(l)).join('\n') + '\n', '.jsonl');
const gold = threeGold;

describe('JSONL predictions against the gold (library)', () => {
  it('an index outside the gold is an error on its line, with or without a limit', () => {
    const f = jsonl([{ index: 0, sql: 'a' }, { index: 1, sql: 'b' }, { index: 2, sql: 'c' }, { index: 3, sql: 'd' }]);
    expect(inputError(() => readPredictionFile(f, { gold }))).toBe(`${f}:4: index 3 is outside the gold examples (0 to 2)`);
    expect(inputError(() => readPredictionFile(f, { gold, limit: 2 }))).toBe(`${f}:4: index 3 is outside the gold examples (0 to 2)`);
  });

  it('"index" and "question_id" must agree when both are given', () => {
    const f = jsonl([{ index: 0, question_id: 0, sql: 'a' }, { index: 1, question_id: 2, sql: 'b' }, { index: 2, sql: 'c' }]);
    expect(inputError(() => readPredictionFile(f, { gold }))).toBe(`${f}:2: "index" 1 and "question_id" 2 disagree`);
  });

  it("a db_id must be the gold's, as in the text format", () => {
    const f = jsonl([{ index: 0, sql: 'a', db_id: 'concert_singer' }, { index: 2, sql: 'c', db_id: 'concert_singer' }, { index: 1, sql: 'b' }]);
    expect(inputError(() => readPredictionFile(f, { gold }))).toBe(`${f}:2: db_id 'concert_singer' does not match the gold's 'pets_1' for example 2`);
    const wrongType = jsonl([{ index: 0, sql: 'a', db_id: 7 }]);
    expect(inputError(() => readPredictionFile(wrongType, { gold }))).toBe(`${wrongType}:1: invalid "db_id": expected a string`);
    const ok = jsonl([{ question_id: 1, sql: 'b', db_id: 'pets_1' }, { index: 0, question_id: 0, sql: 'a', db_id: 'concert_singer' }, { index: 2, sql: 'c' }]);
    expect(readPredictionFile(ok, { gold }).map((p) => p.sql)).toEqual(['a', 'b', 'c']);
  });
});

describe('JSONL predictions through t2sql eval (child process)', () => {
  requireData(needed.files, needed.fetch);
  let s: ScratchData;
  beforeAll(() => {
    s = scratchData();
  });
  afterAll(() => s?.remove());

  it('each class is one error line with file:line, exit 1', () => {
    const sqls = fs.readFileSync(s.pred, 'utf8').trim().split('\n');
    const records = sqls.map((sql, index) => ({ index, sql, db_id: index < 45 ? 'concert_singer' : 'pets_1' }));
    const good = jsonl(records);
    const r = runCliProcess(['eval', '--data', s.root, '--pred', good, '--no-cache', '--json', '--metric', 'ex']);
    expect(r.status, r.stderr).toBe(0);
    const cases: [object[], string][] = [
      [[...records, { index: 87, sql: 'SELECT 1' }], ':88: index 87 is outside the gold examples (0 to 86)'],
      [records.map((x, i) => (i === 5 ? { ...x, question_id: 6 } : x)), ':6: "index" 5 and "question_id" 6 disagree'],
      [records.map((x, i) => (i === 50 ? { ...x, db_id: 'concert_singer' } : x)), ":51: db_id 'concert_singer' does not match the gold's 'pets_1' for example 50"],
    ];
    for (const [lines, message] of cases) {
      const f = jsonl(lines);
      const bad = runCliProcess(['eval', '--data', s.root, '--pred', f, '--no-cache']);
      expect(bad.status, bad.stderr).toBe(1);
      expect(bad.stderr).toBe(`t2sql eval: ${f}${message}\n`);
    }
  });
});
