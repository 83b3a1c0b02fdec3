import fs from 'node:fs';
import path from 'node:path';
import { InputError } from './InputError.ts';

/** What prepareOutDir made: `discard` removes the folders it created (if still empty) when nothing is written after all. */
export interface PreparedOutDir {
  discard(): void;
}

/**
 * Makes sure `--out DIR` can take `files` (names inside it) before any work starts, so that
 * nothing is computed (scored, requested) only to be lost on a path that cannot be written: the
 * folder is created if needed, and a probe file is written and removed. An existing file in its
 * place, a folder that cannot be created or written, or one of `files` that is a folder is an
 * InputError naming it. Every command that writes an `--out` folder checks it here.
 */
export function prepareOutDir(dir: string, files: readonly string[]): PreparedOutDir {
  const st = statOrNull(dir);
  if (st && !st.isDirectory()) throw new InputError(`exists and is not a folder; --out takes a folder to write ${listed(files)} in`, { file: dir });
  const made = makeFolders(dir);
  for (const name of files) {
    const file = path.join(dir, name);
    if (statOrNull(file)?.isDirectory()) throw new InputError(`is a folder; cannot write ${name} over it`, { file });
  }
  const probe = path.join(dir, `.t2sql-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    throw new InputError(`cannot write in the output folder: ${reasonOf(err)}`, { file: dir });
  }
  return {
    discard: () => {
      for (const folder of [...made].reverse()) {
        try {
          fs.rmdirSync(folder);
        } catch {
          return; // not empty (someone wrote there) or already gone: leave it
        }
      }
    },
  };
}

function listed(files: readonly string[]): string {
  return files.length <= 1 ? (files[0] ?? 'its files') : `${files.slice(0, -1).join(', ')} and ${files.at(-1)}`;
}

/**
 * `mkdir -p`, one level at a time from the nearest existing ancestor (Node's recursive mkdir can
 * loop forever where a parent refuses new entries with ENOENT, as /proc does).
 */
function makeFolders(dir: string): string[] {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (statOrNull(at) === null && path.dirname(at) !== at) {
    missing.unshift(at);
    at = path.dirname(at);
  }
  if (!statOrNull(at)?.isDirectory()) throw new InputError('cannot create the output folder: a parent is a file, not a folder', { file: dir });
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(`cannot create the output folder: ${reasonOf(err)}`, { file: dir });
    }
  }
  return missing;
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`cannot write here: ${reasonOf(err)}`, { file: p });
  }
}

function reasonOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOTDIR') return 'a parent is a file, not a folder';
  if (e.code === 'EROFS') return 'read-only file system';
  if (e.code === 'ENOSPC') return 'no space left on the device';
  if (e.code === 'ENOENT') return 'the file system refuses new entries here';
  return e.message;
}
