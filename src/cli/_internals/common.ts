import path from 'node:path';
import { resolveDataRoot, type DataRoot } from '../../data/dataRoot.ts';
import type { CliContext } from '../Command.ts';

/** The data root from `--data`, then T2SQL_DATA, then ./data, then ../shared. */
export function dataRootFor(ctx: CliContext, flag: string | undefined): DataRoot {
  return resolveDataRoot({ flag, env: ctx.env.T2SQL_DATA, cwd: ctx.cwd });
}

/** The gold side of a scoring command: `--data`, `--split` and `--gold` (relative to the cwd). */
export function goldSource(ctx: CliContext, v: { readonly data: string | undefined; readonly split: 'dev' | 'train'; readonly gold: string | undefined }): { dataRoot: string; split: 'dev' | 'train'; goldFile?: string } {
  return { dataRoot: dataRootFor(ctx, v.data).dir, split: v.split, ...(v.gold ? { goldFile: path.resolve(ctx.cwd, v.gold) } : {}) };
}

/** Where t2sql keeps runs and caches: $T2SQL_HOME, else ./.t2sql (its layout: data/homeLayout.ts). */
export function t2sqlHome(ctx: CliContext): string {
  return path.resolve(ctx.cwd, ctx.env.T2SQL_HOME || '.t2sql');
}
