import fs from 'node:fs';
import fsp from 'node:fs/promises';

/** Renames `p` to `p.old-<UTC timestamp>` (never deletes it) and returns the new path. */
export async function moveAside(p: string, now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let target = `${p}.old-${stamp}`;
  for (let i = 2; fs.existsSync(target); i++) target = `${p}.old-${stamp}-${i}`;
  await fsp.rename(p, target);
  return target;
}
