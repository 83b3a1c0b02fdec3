import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../data/InputError.ts';
import { predictionSetCatalogue } from '../../data/published/publishedReplySets.ts';
import { publishedSetPaths } from '../../data/spiderPaths.ts';
import type { RunSource } from '../../evaluate/evaluateRunsCached.ts';

/**
 * A system named on the command line: a prediction file, a folder holding `pred.sql`, or the name
 * of a published set under the data root. Each is named by its set or folder name, or by its file
 * name when that says more than `pred.sql`.
 */
export function resolveRunSource(arg: string, dataRoot: string, cwd: string, which: string): RunSource {
  const given = path.resolve(cwd, arg);
  const st = statOrNull(given);
  if (st?.isDirectory()) {
    const file = path.join(given, 'pred.sql');
    if (!statOrNull(file)?.isFile()) throw new InputError('folder without a pred.sql in it', { file: arg });
    return { kind: 'file', name: path.basename(given), label: arg, file };
  }
  if (st?.isFile()) return { kind: 'file', name: nameOfFile(given), label: arg, file: given };
  if (st) throw new InputError('not a regular file (compare reads each prediction file more than once; save a pipe to a file first)', { file: arg });
  const set = predictionSetCatalogue().find((s) => s.name === arg);
  if (set) {
    const file = publishedSetPaths(dataRoot, arg).pred;
    if (statOrNull(file)?.isFile()) return { kind: 'file', name: arg, label: `${set.model} — ${set.condition}`, file };
    throw new InputError(`published set '${arg}' is not under ${dataRoot}/predictions (run: npx t2sql data predictions --only ${arg} --data ${dataRoot})`);
  }
  if (/[\\/]/.test(arg) || /\.(sql|jsonl?|txt|tsv)$/i.test(arg)) throw new InputError('file not found', { file: arg });
  throw new InputError(`${which}: '${arg}' is neither a prediction file nor a published set name (names: npx t2sql data predictions --list)`);
}

/** `<x>/pred.sql` is named x (a published set's folder or a run's); any other file by its name. */
function nameOfFile(file: string): string {
  const stem = path.basename(file).replace(/\.[^.]*$/, '');
  return /^(pred|preds|predict|predictions?)$/i.test(stem) ? path.basename(path.dirname(file)) : path.basename(file);
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}
