import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import type { GoldExample } from '../../src/data/goldFile.ts';
import { InputError } from '../../src/data/InputError.ts';

/** A scratch folder removed after the spec file, and a writer of numbered files in it. */
export function scratchFiles(prefix: string): { dir: string; file(content: string | Buffer, ext?: string): string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  return {
    dir,
    file(content, ext = '.sql') {
      const f = path.join(dir, `f${n++}${ext}`);
      fs.writeFileSync(f, content);
      return f;
    },
  };
}

/** Runs fn, expecting an InputError; returns its `file:line:col: message` text. */
export function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).describe();
  }
  throw new Error('expected an InputError');
}

/** Three gold examples on two databases, for checks of predictions against the gold. */
export const threeGold: readonly GoldExample[] = [
  { index: 0, sql: 'SELECT 1', dbId: 'concert_singer' },
  { index: 1, sql: 'SELECT 2', dbId: 'pets_1' },
  { index: 2, sql: 'SELECT 3', dbId: 'pets_1' },
];
