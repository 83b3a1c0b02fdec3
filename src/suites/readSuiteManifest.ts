import fs from 'node:fs';
import path from 'node:path';
import { sha256File } from '../data/sha256File.ts';
import type { SuiteManifest } from './SuiteManifest.ts';

export type SuiteManifestRead =
  | { readonly kind: 'ok'; readonly manifest: SuiteManifest; readonly files: readonly string[] }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly problem: 'unreadable' | 'shape' | 'file-missing' | 'file-altered'; readonly file: string };

/**
 * Reads a suite folder (`manifest.json` beside its .sqlite files, as `buildSuite` writes and as
 * anyone may share it) and checks every database file against the manifest's hash.
 */
export function readSuiteManifest(dir: string): SuiteManifestRead {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return { kind: 'missing' };
  let manifest: SuiteManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteManifest;
  } catch {
    return { kind: 'invalid', problem: 'unreadable', file };
  }
  if (manifest?.format !== 1 || typeof manifest.key !== 'string' || !Array.isArray(manifest.databases) || !Array.isArray(manifest.neighbours)) {
    return { kind: 'invalid', problem: 'shape', file };
  }
  const files: string[] = [];
  for (const d of manifest.databases) {
    const f = path.join(dir, path.basename(String(d.file)));
    if (!fs.existsSync(f)) return { kind: 'invalid', problem: 'file-missing', file: f };
    if (sha256File(f) !== d.sha256) return { kind: 'invalid', problem: 'file-altered', file: f };
    files.push(f);
  }
  return { kind: 'ok', manifest, files };
}
