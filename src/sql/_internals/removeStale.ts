import fs from 'node:fs';
import path from 'node:path';

/**
 * Removes the files of `dir` that `isStale` names and nobody touched for a day (another
 * process may still be using a recent one). Best effort: a file that vanishes meanwhile, or
 * cannot be removed, is left to the next run.
 */
export function removeStale(dir: string, isStale: (name: string) => boolean): void {
  try {
    for (const name of fs.readdirSync(dir)) {
      if (!isStale(name)) continue;
      try {
        const file = path.join(dir, name);
        if (Date.now() - fs.statSync(file).mtimeMs > 86_400_000) fs.rmSync(file, { force: true });
      } catch {
        // gone already, or not ours to remove
      }
    }
  } catch {
    // no directory: nothing to clean
  }
}
