import crypto from 'node:crypto';
import fs from 'node:fs';

const memo = new Map<string, { size: number; mtimeMs: number; hash: string }>();

/** sha256 (hex) of a file's bytes, memoized per path while size and mtime are unchanged. */
export function sha256File(file: string): string {
  const st = fs.statSync(file);
  const hit = memo.get(file);
  if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.hash;
  const hash = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  memo.set(file, { size: st.size, mtimeMs: st.mtimeMs, hash });
  return hash;
}
