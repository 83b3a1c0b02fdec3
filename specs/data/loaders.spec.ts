import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGoldFile } from '../../src/data/goldFile.ts';
import { readPredictionFile, writePredictionFile } from '../../src/data/predictionFile.ts';
import { parseJsonText, pyStrip, splitLines } from '../../src/data/readTextFile.ts';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { inputError, scratchFiles, threeGold } from './inputs.support.ts';

const { dir: tmp, file } = scratchFiles('t2sql-loaders-');
const gold = threeGold;

describe('gold file', () => {
  it('reads SQL<TAB>db_id lines and checks db_ids', () => {
    const f = file('SELECT a FROM t\tconcert_singer\nSELECT b FROM u\tpets_1\n');
    expect(readGoldFile(f, { knownDbIds: new Set(['concert_singer', 'pets_1']) })).toEqual([
      { index: 0, sql: 'SELECT a FROM t', dbId: 'concert_singer' },
      { index: 1, sql: 'SELECT b FROM u', dbId: 'pets_1' },
    ]);
  });

  it('names file and line of an unknown db_id, a missing tab, a blank line', () => {
    const f1 = file('SELECT a\tconcert_singer\nSELECT b\tno_such_db\n');
    expect(inputError(() => readGoldFile(f1, { knownDbIds: new Set(['concert_singer']) }))).toBe(
      `${f1}:2: unknown db_id 'no_such_db' (no such database under the data root)`,
    );
    const f2 = file('SELECT a concert_singer\n');
    expect(inputError(() => readGoldFile(f2))).toBe(`${f2}:1: expected "SQL<TAB>db_id", found 1 tab-separated field(s)`);
    const f3 = file('SELECT a\tx\n\nSELECT b\tx\n');
    expect(inputError(() => readGoldFile(f3))).toContain(`${f3}:2: blank line`);
  });

  it('reports a missing file and an empty file', () => {
    expect(inputError(() => readGoldFile(path.join(tmp, 'nope.sql')))).toBe(`${path.join(tmp, 'nope.sql')}: file not found`);
    const empty = file('');
    expect(inputError(() => readGoldFile(empty))).toBe(`${empty}: gold file is empty`);
  });

  it('rejects non-UTF-8 bytes with line and column', () => {
    const f = file(Buffer.concat([Buffer.from('SELECT 1\tx\nSELECT "caf'), Buffer.from([0xe9]), Buffer.from('"\tx\n')]));
    expect(inputError(() => readGoldFile(f))).toBe(`${f}:2:12: invalid UTF-8 byte 0xe9 (file must be UTF-8)`);
  });
});

describe('prediction file (lines)', () => {
  it('reads line.strip().split("\\t")[0] per line, like the official script', () => {
    const f = file('  SELECT 1  \nSELECT 2\tpets_1\n\tSELECT 3\n');
    // The third line starts with a tab: after strip() the tab is gone and the SQL survives.
    expect(readPredictionFile(f, { gold }).map((p) => p.sql)).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3']);
  });

  it('keeps an empty line as an empty prediction, in place', () => {
    const f = file('SELECT 1\n\nSELECT 3\n');
    expect(readPredictionFile(f, { gold })).toEqual([
      { index: 0, sql: 'SELECT 1' },
      { index: 1, sql: '' },
      { index: 2, sql: 'SELECT 3' },
    ]);
  });

  it('treats a trailing empty line as the last prediction only when the count needs it', () => {
    expect(readPredictionFile(file('SELECT 1\nSELECT 2\n\n'), { gold })).toHaveLength(3);
    expect(readPredictionFile(file('SELECT 1\nSELECT 2\nSELECT 3\n\n\n'), { gold })).toHaveLength(3);
  });

  it('reports a count mismatch with both counts (the official script silently truncates)', () => {
    const f = file('SELECT 1\nSELECT 2\nSELECT 3\nSELECT 4\n');
    expect(inputError(() => readPredictionFile(f, { gold }))).toContain('4 predictions but 3 gold examples');
    const short = file('SELECT 1\n');
    expect(inputError(() => readPredictionFile(short, { gold }))).toContain('1 predictions but 3 gold examples');
    expect(inputError(() => readPredictionFile(short, { gold }))).toContain('--limit');
  });

  it('scores a partial file with --limit', () => {
    const f = file('SELECT 1\nSELECT 2\n');
    expect(readPredictionFile(f, { gold, limit: 2 }).map((p) => p.index)).toEqual([0, 1]);
    expect(readPredictionFile(file('SELECT 1\nSELECT 2\nSELECT 3\n'), { gold, limit: 1 })).toHaveLength(1);
  });

  it('keeps only the first field of a line with a tab that is no db_id, like the official reader', () => {
    const f = file('SELECT 1\tFROM here\nSELECT 2\nSELECT 3\n');
    expect(readPredictionFile(f, { gold }).map((p) => p.sql)).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3']);
  });

  it('checks an optional \\tdb_id suffix against the gold', () => {
    const f = file('SELECT 1\tconcert_singer\nSELECT 2\tconcert_singer\nSELECT 3\tpets_1\n');
    expect(inputError(() => readPredictionFile(f, { gold }))).toBe(
      `${f}:2: db_id 'concert_singer' does not match the gold's 'pets_1' for example 1`,
    );
  });
});

describe('prediction file (JSONL)', () => {
  it('reads {index|question_id, sql} in any order', () => {
    const f = file('{"index": 2, "sql": "SELECT 3"}\n{"question_id": 0, "sql": "SELECT 1"}\n{"index": 1, "sql": "SELECT\\n2"}\n', '.jsonl');
    expect(readPredictionFile(f, { gold })).toEqual([
      { index: 0, sql: 'SELECT 1' },
      { index: 1, sql: 'SELECT\n2' },
      { index: 2, sql: 'SELECT 3' },
    ]);
  });

  it('names line and column of malformed JSON, and missing or duplicate indices', () => {
    const bad = file('{"index": 0, "sql": "SELECT 1"}\n{"index": 1, "sql": SELECT}\n', '.jsonl');
    expect(inputError(() => readPredictionFile(bad, { gold }))).toMatch(new RegExp(`^${bad}:2:\\d+: malformed JSON`));
    const dup = file('{"index": 0, "sql": "a"}\n{"index": 0, "sql": "b"}\n', '.jsonl');
    expect(inputError(() => readPredictionFile(dup, { gold }))).toBe(`${dup}:2: duplicate prediction for index 0 (first on line 1)`);
    const missing = file('{"index": 0, "sql": "a"}\n{"index": 2, "sql": "b"}\n', '.jsonl');
    expect(inputError(() => readPredictionFile(missing, { gold }))).toBe(`${missing}: 2 predictions for 3 examples; missing index 1`);
    const wrongType = file('{"index": "0", "sql": "a"}\n', '.jsonl');
    expect(inputError(() => readPredictionFile(wrongType, { gold }))).toContain(`${wrongType}:1: missing or invalid "index"`);
  });
});

describe('text helpers', () => {
  it('splits lines like Python universal newlines', () => {
    expect(splitLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\n')).toEqual(['a']);
  });

  it('strips like Python str.strip(), which keeps U+FEFF', () => {
    expect(pyStrip('\u00a0\u3000 x \u2028')).toBe('x');
    expect(pyStrip('\ufeffx')).toBe('\ufeffx');
  });

  it('gives line and column of a JSON syntax error', () => {
    expect(inputError(() => parseJsonText('{\n  "a": 1,\n  "b": ]\n}', 'dev.json'))).toMatch(/^dev\.json:3:\d+: malformed JSON/);
  });

  it('writes a prediction file that reads back identically', () => {
    const f = path.join(tmp, 'out', 'pred.sql');
    writePredictionFile(f, ['SELECT 1', 'SELECT\n2', '']);
    expect(readPredictionFile(f, { gold }).map((p) => p.sql)).toEqual(['SELECT 1', 'SELECT 2', '']);
  });
});

describe('data root', () => {
  it('resolves --data, then T2SQL_DATA, then ./data, then ../shared', () => {
    const project = fs.mkdtempSync(path.join(tmp, 'proj-'));
    const inner = path.join(project, 'repo');
    fs.mkdirSync(path.join(project, 'shared', 'spider'), { recursive: true });
    fs.mkdirSync(inner);
    expect(resolveDataRoot({ cwd: inner })).toEqual({ dir: path.join(project, 'shared'), source: 'shared' });
    fs.mkdirSync(path.join(inner, 'data', 'spider'), { recursive: true });
    expect(resolveDataRoot({ cwd: inner })).toEqual({ dir: path.join(inner, 'data'), source: 'project' });
    expect(resolveDataRoot({ cwd: inner, env: '/x/env' })).toEqual({ dir: '/x/env', source: 'env' });
    expect(resolveDataRoot({ cwd: inner, env: '/x/env', flag: 'rel' })).toEqual({ dir: path.join(inner, 'rel'), source: 'flag' });
  });
});
