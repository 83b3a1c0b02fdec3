/** Spider from the data root, for the train specs: missing data fails naming the command that fetches it. */
import fs from 'node:fs';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import { spiderPaths } from '../../../src/data/spiderPaths.ts';

export const repoRoot = new URL('../../..', import.meta.url).pathname;
export const dataRoot = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: repoRoot }).dir;
export const paths = spiderPaths(dataRoot);

export function requireSpider(): void {
  for (const f of [paths.trainSpider, paths.dev, paths.tables]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`t2sql data spider\` (or set T2SQL_DATA)`);
  }
}
