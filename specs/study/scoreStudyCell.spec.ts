// scoreStudyCell on a real run store, the real Spider data and real query processes: a cell the
// query processes could not run is the project's ExecutionUnavailableError (which the CLI shows as
// one line), with nothing recorded; with working processes the same cell is scored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { parseExperiment } from '../../src/generate/parseExperiment.ts';
import { ExecutionUnavailableError } from '../../src/metrics/ExecutionUnavailableError.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { scoreStudyCell } from '../../src/study/scoreStudyCell.ts';
import { studyCells } from '../../src/study/studyCells.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const dataRoot = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: path.resolve(import.meta.dirname, '../..') }).dir;
const paths = spiderPaths(dataRoot);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('scoreStudyCell', () => {
  requireData([paths.devGold, paths.tables, paths.database('concert_singer')], fetchData.spider);

  test('query processes that cannot run give ExecutionUnavailableError and record nothing; working ones score the cell', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-score-cell-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = openRunStore(path.join(dir, 'runs.sqlite'));
    cleanups.push(() => store.close());
    const experiment = parseExperiment({ name: 'x', endpoints: { e: { baseUrl: 'http://127.0.0.1:9/v1' } }, runs: [{ name: 'r', endpoint: 'e', model: 'm', schema: 'keys' }] });
    const [cell] = studyCells(experiment, { splitSize: 1034, limit: 3 });
    const gold = fs.readFileSync(paths.devGold, 'utf8').split('\n').slice(0, 3).map((l) => l.split('\t')[0]!);
    const run = store.importPredictions({ experiment: 'x', name: 'r', predictions: [gold[0]!, 'SELECT 1', gold[2]!].map((sql, index) => ({ index, sql })), source: {}, codeVersion: 'test' });

    const closed = new SqlitePool({ size: 1 });
    await closed.close();
    const failure = await scoreStudyCell(cell!, run.id, { store, dataRoot, executor: closed }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ExecutionUnavailableError);
    expect((failure as ExecutionUnavailableError).unavailable).toHaveLength(3);
    expect((failure as ExecutionUnavailableError).message).toBe('x/r: 3 of 3 examples could not be scored: pool closed');
    expect(store.scores(run.id, 'ex')).toEqual([]);

    const pool = new SqlitePool({ size: 1 });
    cleanups.push(() => pool.close());
    expect(await scoreStudyCell(cell!, run.id, { store, dataRoot, executor: pool })).toBeCloseTo(2 / 3);
    expect(store.scores(run.id, 'ex').map((s) => s.value)).toEqual([1, 0, 1]);
  });
});
