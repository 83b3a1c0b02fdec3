import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSources } from '../../src/core/hashSources.ts';

describe('hashSources', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-hash-'));
    fs.mkdirSync(path.join(dir, 'src', 'a', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'a', 'one.ts'), 'export const one = 1;\n');
    fs.writeFileSync(path.join(dir, 'src', 'a', 'deep', 'two.ts'), 'export const two = 2;\n');
    fs.writeFileSync(path.join(dir, 'src', 'a', 'notes.md'), 'not code\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const hash = (root = dir) => hashSources([path.join(root, 'src', 'a')], { include: /\.ts$/, relativeTo: path.join(root, 'src') });

  it('is stable, and independent of where the project lives', () => {
    const first = hash();
    expect(hash()).toBe(first);
    const moved = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-hash-moved-'));
    fs.cpSync(dir, moved, { recursive: true });
    expect(hash(moved)).toBe(first);
    fs.rmSync(moved, { recursive: true, force: true });
  });

  it('changes with any included file’s bytes or name, in subfolders too, and ignores the rest', () => {
    const first = hash();
    fs.writeFileSync(path.join(dir, 'src', 'a', 'notes.md'), 'changed\n');
    expect(hash()).toBe(first);
    fs.writeFileSync(path.join(dir, 'src', 'a', 'deep', 'two.ts'), 'export const two = 3;\n');
    const second = hash();
    expect(second).not.toBe(first);
    fs.renameSync(path.join(dir, 'src', 'a', 'one.ts'), path.join(dir, 'src', 'a', 'uno.ts'));
    expect(hash()).not.toBe(second);
  });

  it('takes single files as roots and skips roots that do not exist', () => {
    const file = path.join(dir, 'src', 'a', 'one.ts');
    const h = hashSources([file, path.join(dir, 'missing')], { include: /\.ts$/, relativeTo: dir });
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(hashSources([file], { include: /\.ts$/, relativeTo: dir }));
  });
});
