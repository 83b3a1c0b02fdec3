import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface HashSourcesOptions {
  /** Which files count, by name (e.g. `/\.(ts|js)$/`). */
  readonly include: RegExp;
  /** Files are named by their path relative to this folder, so the hash does not depend on
   *  where the project is checked out. */
  readonly relativeTo: string;
}

/**
 * sha256 (hex) of our own source files, for keys that must change whenever the code that made
 * a cached thing changes (worker bundles, cached verdicts). Each root is a file or a folder
 * (walked recursively, entries sorted by name); each file counts with its relative path
 * (`/`-separated) and its bytes. Roots that do not exist are skipped.
 */
export function hashSources(roots: readonly string[], options: HashSourcesOptions): string {
  const hash = createHash('sha256');
  const add = (file: string): void => {
    if (!options.include.test(path.basename(file))) return;
    hash.update(path.relative(options.relativeTo, file).split(path.sep).join('/')).update('\0').update(fs.readFileSync(file));
  };
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) add(p);
    }
  };
  for (const root of roots) {
    const stat = fs.statSync(root, { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(root);
    else if (stat?.isFile()) add(root);
  }
  return hash.digest('hex');
}
