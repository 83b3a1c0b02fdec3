import fs from 'node:fs';
import path from 'node:path';

/** Resolves a command the way a shell would with this PATH; null when it is not there. */
export function findExecutable(command: string, pathVar: string | undefined): string | null {
  const candidates = command.includes('/') ? [path.resolve(command)] : (pathVar ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
  for (const file of candidates) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}
