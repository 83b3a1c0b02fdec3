// Start-up for bin/t2sql.js: the CLI bundled into one plain-JS file with esbuild, kept in
// node_modules/.cache/t2sql and named after the hash of every source file, so a command
// starts in plain Node instead of compiling TypeScript through the tsx loader each time.
// Each module keeps its own import.meta.url (replaced by its source file's URL), so paths
// computed from it (package.json, worker sources, manifest) resolve as they do from source.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

function sourceHash() {
  const h = crypto.createHash('sha256');
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(p).update(fs.readFileSync(p));
    }
  };
  walk(src);
  h.update(fs.readFileSync(path.join(root, 'package.json')));
  return h.digest('hex').slice(0, 16);
}

/**
 * esbuild plugin: each bundled module keeps its own import.meta.url (its source file's URL),
 * so paths computed from it (package.json, worker sources, the engine id of the gold cache)
 * resolve as they do from source.
 */
export const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: fs.readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

/** Path of an up-to-date bundle of src/cli/main.ts, building it if needed; null if impossible. */
export async function cliBundle() {
  try {
    const cache = path.join(root, 'node_modules', '.cache', 't2sql');
    const dir = path.join(cache, `cli-${sourceHash()}`);
    const file = path.join(dir, 'main.js');
    if (fs.existsSync(file)) return file;
    const esbuild = await import('esbuild');
    // Code splitting keeps each command's dependencies behind its dynamic import.
    const tmp = `${dir}.${process.pid}.tmp`;
    await esbuild.build({
      entryPoints: { main: path.join(src, 'cli', 'main.ts') },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outdir: tmp,
      outExtension: { '.js': '.js' },
      logLevel: 'silent',
      plugins: [keepImportMetaUrl],
    });
    fs.writeFileSync(path.join(tmp, 'package.json'), '{"type":"module"}\n');
    // Bundles of older sources, unused for a day, are removed (a running command may still
    // load chunks of a recent one).
    for (const old of fs.readdirSync(cache)) {
      const p = path.join(cache, old);
      if (old.startsWith('cli-') && Date.now() - fs.statSync(p).mtimeMs > 86_400_000) fs.rmSync(p, { recursive: true, force: true });
    }
    try {
      fs.renameSync(tmp, dir);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another process won the race
    }
    return file;
  } catch {
    return null;
  }
}
