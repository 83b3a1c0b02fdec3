import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Identity of a LoRA adapter: sha256 over its files' relative paths and contents (sorted, so
 * copying or touching the folder keeps the hash; retraining changes it). A single file works too.
 */
export function hashAdapter(adapterPath: string): string {
  const stat = fs.statSync(adapterPath);
  const files = stat.isDirectory() ? listFiles(adapterPath).sort() : [''];
  if (files.length === 0) throw new Error(`adapter ${adapterPath} holds no files`);
  const hash = createHash('sha256');
  for (const rel of files) {
    const file = rel === '' ? adapterPath : path.join(adapterPath, rel);
    hash.update(`${rel}\0${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}\n`);
  }
  return hash.digest('hex');
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const rel = prefix ? `${prefix}/${name}` : name;
    // statSync follows symlinks: a Hugging Face snapshot is a folder of links into blobs/.
    const st = fs.statSync(path.join(dir, name));
    if (st.isDirectory()) out.push(...listFiles(path.join(dir, name), rel));
    else if (st.isFile()) out.push(rel);
  }
  return out;
}
