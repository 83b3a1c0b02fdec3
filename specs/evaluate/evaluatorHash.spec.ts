import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { evaluatorDirs } from '../../src/evaluate/evaluateRunsCached.ts';

const src = path.resolve(import.meta.dirname, '../../src');

/** Every source file evaluateRun reaches through relative imports (type-only ones included). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      if (fs.existsSync(target) && fs.statSync(target).isFile()) visit(target);
    }
  };
  visit(entry);
  return seen;
}

it('the hash that keys cached verdicts covers every source file on the scoring path', () => {
  const files = [...reachable(path.join(src, 'evaluate', 'evaluateRun.ts'))];
  expect(files.length).toBeGreaterThan(50);
  const outside = files.filter((f) => !evaluatorDirs.some((d) => f.startsWith(path.resolve(d) + path.sep)));
  // src/version.ts is part of every summary's provenance, not of the scoring.
  expect(outside.map((f) => path.relative(src, f)).filter((f) => f !== 'version.ts')).toEqual([]);
});
