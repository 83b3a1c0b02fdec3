/**
 * A small, real Spider data root for CLI specs that break files on purpose: the first 87 dev
 * examples (concert_singer and pets_1), their two databases and the real tables.json, copied
 * from the data root into a temporary folder, with the published RESDSQL-3B predictions for them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import { spiderPaths, type SpiderPaths } from '../../../src/data/spiderPaths.ts';
import { fetchData } from '../../support/requireData.ts';

export const sourceRoot = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: path.resolve(import.meta.dirname, '../../..') }).dir;
export const source = spiderPaths(sourceRoot);
export const publishedPred = path.join(sourceRoot, 'predictions', 'resdsql-3b', 'pred.sql');
/** What the scratch root needs from the real one, and what fetches it. */
export const needed = { files: [source.tables, source.devGold, source.database('concert_singer'), source.database('pets_1'), publishedPred], fetch: `${fetchData.spider}, then ${fetchData.predictions}` };

export const N = 87;

export interface ScratchData {
  readonly dir: string;
  readonly root: string;
  readonly paths: SpiderPaths;
  /** RESDSQL-3B's predictions for the N examples, one per line. */
  readonly pred: string;
  /** Puts every file back as copied. */
  reset(): void;
  remove(): void;
}

export function scratchData(): ScratchData {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-scratch-'));
  const root = path.join(dir, 'data');
  const paths = spiderPaths(root);
  const pred = path.join(dir, 'pred.sql');
  const reset = () => {
    fs.rmSync(root, { recursive: true, force: true });
    for (const db of ['concert_singer', 'pets_1']) {
      fs.mkdirSync(paths.databaseFolder(db), { recursive: true });
      fs.copyFileSync(source.database(db), paths.database(db));
      fs.chmodSync(paths.database(db), 0o644);
    }
    fs.copyFileSync(source.tables, paths.tables);
    fs.chmodSync(paths.tables, 0o644);
    fs.writeFileSync(paths.devGold, firstLines(source.devGold, N));
    fs.writeFileSync(pred, firstLines(publishedPred, N));
  };
  reset();
  return { dir, root, paths, pred, reset, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function firstLines(file: string, n: number): string {
  return fs.readFileSync(file, 'utf8').split('\n').slice(0, n).join('\n') + '\n';
}
