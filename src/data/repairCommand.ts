import { InputError } from './InputError.ts';

/**
 * The command that repairs the Spider files under a data root: a fresh download over the old
 * folder (which `t2sql data spider` moves aside, never deletes).
 */
export function spiderRepairCommand(dataRoot: string): string {
  return `npx t2sql data spider --force --data ${quoteArg(dataRoot)}`;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs `read`; an InputError it throws gets the repair command appended (same file and line). */
export function withSpiderRepair<T>(dataRoot: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${err.message} (repair: ${spiderRepairCommand(dataRoot)})`, err.where);
    throw err;
  }
}
