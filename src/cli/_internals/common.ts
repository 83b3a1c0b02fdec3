import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveDataRoot, type DataRoot } from '../../data/dataRoot.ts';
import { InputError } from '../../data/InputError.ts';
import type { CliContext } from '../Command.ts';

/** The data root from `--data`, then T2SQL_DATA, then ./data, then ../shared. */
export function dataRootFor(ctx: CliContext, flag: string | undefined): DataRoot {
  return resolveDataRoot({ flag, env: ctx.env.T2SQL_DATA, cwd: ctx.cwd });
}

/** Where t2sql keeps runs and caches: $T2SQL_HOME, else ./.t2sql. */
export function t2sqlHome(ctx: CliContext): string {
  return path.resolve(ctx.cwd, ctx.env.T2SQL_HOME ?? '.t2sql');
}

export function parsePositiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`${flag} expects a positive integer, got '${value}'`);
  return n;
}

export function parsePositiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InputError(`${flag} expects a positive number, got '${value}'`);
  return n;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(`${flag} must be one of ${allowed.join(', ')}; got '${value}'`);
  }
  return value as T;
}

/** `util.parseArgs`, with its errors (unknown flag, missing value) turned into InputErrors. */
type Parsed<O extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

export function parseFlags<const O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O, allowPositionals = false): Parsed<O> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (err) {
    throw new InputError(`${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')} (see --help)`);
  }
}
