import fs from 'node:fs';
import path from 'node:path';

/** Where the data root came from, so messages can say why a path was chosen. */
export type DataRootSource = 'flag' | 'env' | 'project' | 'shared';

export interface DataRoot {
  readonly dir: string;
  readonly source: DataRootSource;
}

export interface ResolveDataRootOptions {
  /** `--data DIR` from the command line. */
  flag?: string | undefined;
  /** Value of T2SQL_DATA, read by the caller (nothing below the CLI reads the environment). */
  env?: string | undefined;
  /** Project root: `./data` and `../shared` are resolved against it. Default: process.cwd(). */
  cwd?: string;
}

/**
 * The one data root, in order: `--data`, `T2SQL_DATA`, `./data`, `../shared`.
 * `./data` and `../shared` count only if they hold a `spider/` folder; an explicit
 * flag or env value is taken as given (the caller reports what is missing in it).
 */
export function resolveDataRoot(options: ResolveDataRootOptions = {}): DataRoot {
  const cwd = options.cwd ?? process.cwd();
  if (options.flag) return { dir: path.resolve(cwd, options.flag), source: 'flag' };
  if (options.env) return { dir: path.resolve(cwd, options.env), source: 'env' };
  const project = path.resolve(cwd, 'data');
  if (fs.existsSync(path.join(project, 'spider'))) return { dir: project, source: 'project' };
  const shared = path.resolve(cwd, '..', 'shared');
  if (fs.existsSync(path.join(shared, 'spider'))) return { dir: shared, source: 'shared' };
  return { dir: project, source: 'project' };
}
