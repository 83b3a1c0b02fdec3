import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { UnzipError, unzipSafe } from '../../src/data/download/unzipSafe.ts';
import { makeZip, patchZip } from './download.support.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-unzip-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every file under `root`, relative, sorted. */
function tree(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
}

async function writeZip(name: string, zip: Buffer | Promise<Buffer>): Promise<string> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, await zip);
  return file;
}

describe('unzipSafe', () => {
  test('unpacks files and folders with their bytes, skipping what `include` rejects', async () => {
    const sqlite = Buffer.alloc(70_000, 7);
    const zip = await writeZip('ok.zip', makeZip([
      { name: 'top/' },
      { name: 'top/dev.json', data: '[{"db_id":"a"}]' },
      { name: 'top/database/a/a.sqlite', data: sqlite },
      { name: '__MACOSX/top/._dev.json', data: 'resource fork' },
    ]));
    const out = path.join(dir, 'out');
    const progress: number[] = [];
    const r = await unzipSafe(zip, out, { include: (n) => !n.startsWith('__MACOSX/'), onProgress: (p) => progress.push(p.entries) });
    expect(tree(out)).toEqual(['top/database/a/a.sqlite', 'top/dev.json']);
    expect(fs.readFileSync(path.join(out, 'top/database/a/a.sqlite')).equals(sqlite)).toBe(true);
    expect(r).toEqual({ dir: out, files: 2, bytes: sqlite.length + 15 });
    expect(progress).toEqual([1, 2, 3, 4]);
  });

  test.each([
    ['a parent-directory path (zip slip)', 'xx/evil.txt', '../evil.txt'],
    ['a deeper zip slip', 'a/xx/xx/evil.txt', 'a/../../evil.txt'],
    ['an absolute path', 'aaaa/evil.txt', '/tmp/evil.txt'],
    ['a Windows drive path', 'aa/evil.txt', 'C:/evil.txt'],
    ['a backslash traversal', 'xxxevil.txt', '..\\evil.txt'],
  ])('refuses %s and leaves nothing behind', async (_what, placeholder, evil) => {
    const zip = await writeZip('evil.zip', makeZip([{ name: 'ok.txt', data: 'fine' }, { name: placeholder, data: 'pwned' }]).then((z) => patchZip(z, placeholder, evil)));
    const out = path.join(dir, 'nested', 'out');
    const err = await unzipSafe(zip, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnzipError);
    expect((err as Error).message).toMatch(/invalid relative path|absolute|leaves the target folder/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'nested', 'evil.txt'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'evil.txt'))).toBe(false);
    expect(fs.existsSync('/tmp/evil.txt') && fs.readFileSync('/tmp/evil.txt', 'utf8') === 'pwned').toBe(false);
  });

  test('refuses symbolic links', async () => {
    const zip = await writeZip('link.zip', makeZip([{ name: 'link', data: '/etc/passwd', mode: 0o120777 }]));
    const err = await unzipSafe(zip, path.join(dir, 'out')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnzipError);
    expect((err as Error).message).toMatch(/symbolic link/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('never unpacks over an existing folder', async () => {
    const zip = await writeZip('ok.zip', makeZip([{ name: 'a.txt', data: 'new' }]));
    const out = path.join(dir, 'mine');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'a.txt'), 'user data');
    await expect(unzipSafe(zip, out)).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(path.join(out, 'a.txt'), 'utf8')).toBe('user data');
  });

  test('a damaged entry (CRC-32 mismatch) is refused', async () => {
    const good = await makeZip([{ name: 'data.txt', data: 'spider spider spider', store: true }]);
    const zip = await writeZip('bad.zip', patchZip(good, 'spider spider spider', 'spider spideR spider'));
    await expect(unzipSafe(zip, path.join(dir, 'out'))).rejects.toThrow(/CRC-32 mismatch/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('an archive that would unpack past the size limit is refused (zip bombs)', async () => {
    const zip = await writeZip('big.zip', makeZip([{ name: 'zeros', data: Buffer.alloc(1_000_000) }]));
    expect(fs.statSync(zip).size).toBeLessThan(10_000);
    await expect(unzipSafe(zip, path.join(dir, 'out'), { maxTotalBytes: 500_000 })).rejects.toThrow(/more than 500000 bytes/);
    await expect(unzipSafe(zip, path.join(dir, 'out2'), { maxEntries: 0 })).rejects.toThrow(/entries/);
  });

  test('a file that is not a zip is an UnzipError, not a crash', async () => {
    const zip = await writeZip('not.zip', Buffer.from('<html>no</html>'));
    await expect(unzipSafe(zip, path.join(dir, 'out'))).rejects.toBeInstanceOf(UnzipError);
  });
});
