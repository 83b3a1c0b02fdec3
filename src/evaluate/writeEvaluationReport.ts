import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../data/InputError.ts';
import type { EvaluationReport } from './evaluationReport.ts';

/** The files a report is written to, inside its folder. */
export function reportFiles(dir: string): { readonly verdicts: string; readonly summary: string } {
  return { verdicts: path.join(dir, 'verdicts.jsonl'), summary: path.join(dir, 'summary.json') };
}

/**
 * Makes sure a report can be written to `dir` before any scoring starts: the folder is created if
 * needed, and a probe file is written and removed. An existing file in its place, a folder that
 * cannot be created or written, or a report file that is a folder is an InputError naming it.
 * Returns `discard`, which removes the folders made here (if still empty) when no report follows.
 */
export function prepareReportDir(dir: string): { discard(): void } {
  const st = statOrNull(dir);
  if (st && !st.isDirectory()) throw new InputError('exists and is not a folder; --out takes a folder to write verdicts.jsonl and summary.json in', { file: dir });
  const made = makeFolders(dir);
  for (const file of Object.values(reportFiles(dir))) {
    if (statOrNull(file)?.isDirectory()) throw new InputError('is a folder; cannot write the report over it', { file });
  }
  const probe = path.join(dir, `.t2sql-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    throw new InputError(`cannot write in the output folder: ${reasonOf(err)}`, { file: dir });
  }
  return {
    discard: () => {
      for (const folder of [...made].reverse()) {
        try {
          fs.rmdirSync(folder);
        } catch {
          return; // not empty (someone wrote there) or already gone: leave it
        }
      }
    },
  };
}

/** Writes `verdicts.jsonl` (one line per example) and `summary.json`, each whole or not at all. */
export function writeEvaluationReport(dir: string, report: EvaluationReport): { readonly verdicts: string; readonly summary: string } {
  const files = reportFiles(dir);
  fs.mkdirSync(dir, { recursive: true });
  writeAtomically(files.verdicts, report.verdicts.map((v) => JSON.stringify(v)).join('\n') + '\n');
  writeAtomically(files.summary, JSON.stringify(report.summary, null, 2) + '\n');
  return files;
}

/**
 * `mkdir -p`, one level at a time from the nearest existing ancestor (Node's recursive mkdir can
 * loop forever where a parent refuses new entries with ENOENT, as /proc does).
 */
function makeFolders(dir: string): string[] {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (statOrNull(at) === null && path.dirname(at) !== at) {
    missing.unshift(at);
    at = path.dirname(at);
  }
  if (!statOrNull(at)?.isDirectory()) throw new InputError('cannot create the output folder: a parent is a file, not a folder', { file: dir });
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(`cannot create the output folder: ${reasonOf(err)}`, { file: dir });
    }
  }
  return missing;
}

function writeAtomically(file: string, body: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, body);
  fs.renameSync(tmp, file);
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`cannot write here: ${reasonOf(err)}`, { file: p });
  }
}

function reasonOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOTDIR') return 'a parent is a file, not a folder';
  if (e.code === 'EROFS') return 'read-only file system';
  if (e.code === 'ENOSPC') return 'no space left on the device';
  if (e.code === 'ENOENT') return 'the file system refuses new entries here';
  return e.message;
}
