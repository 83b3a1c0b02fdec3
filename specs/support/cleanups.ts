import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** What a spec file's tests open, undone after each test (the last opened first); and temporary folders undone the same way. */
export function testCleanups(): { push(...undo: (() => unknown)[]): void; tempDir(prefix: string): string } {
  const undo: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of undo.splice(0).reverse()) await c();
  });
  return {
    push: (...more) => void undo.push(...more),
    tempDir(prefix) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      undo.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  };
}
