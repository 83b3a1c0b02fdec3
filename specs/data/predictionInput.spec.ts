/**
 * A prediction file is read once: given as a FIFO or a pipe it is scored, and summary.json
 * records the sha256 of the bytes that were scored (opening it a second time would hang or hash
 * nothing).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPredictionInput } from '../../src/data/predictionFile.ts';
import { requireData } from '../support/requireData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { needed, scratchData, type ScratchData } from '../cli/support/scratchData.ts';

let s: ScratchData;
const writers: ChildProcess[] = [];
const sha = (bytes: Buffer | string) => crypto.createHash('sha256').update(bytes).digest('hex');
const bin = path.resolve(import.meta.dirname, '../../bin/t2sql.js');

/** A FIFO fed with `file` by a separate writer process (a writer blocks until a reader opens it). */
function fifoFedWith(file: string, name: string): string {
  const fifo = path.join(s.dir, name);
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
  const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', file, fifo], { stdio: 'ignore', detached: false });
  writer.unref();
  writers.push(writer);
  return fifo;
}

describe('prediction input read once (FIFO, pipe)', () => {
  requireData(needed.files, needed.fetch);
  beforeAll(() => {
    s = scratchData();
  });
  afterAll(() => {
    // A writer is left only if its reader never opened the FIFO (a failed test): stop it.
    for (const w of writers) if (w.exitCode === null) w.kill();
    s?.remove();
  });

  it('t2sql eval --pred FIFO scores it and records the sha256 of what it read', () => {
    const fifo = fifoFedWith(s.pred, 'pred.fifo');
    const out = path.join(s.dir, 'fifo-run');
    const r = runCliProcess(['eval', '--data', s.root, '--pred', fifo, '--out', out, '--no-cache', '--json'], { timeoutMs: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const fromFifo = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(fromFifo.provenance.predictions.sha256).toBe(sha(fs.readFileSync(s.pred)));
    expect(fromFifo.provenance.predictions.sha256).not.toBe(sha(''));
    const fromFile = JSON.parse(runCliProcess(['eval', '--data', s.root, '--pred', s.pred, '--no-cache', '--json']).stdout);
    expect(fromFifo.correct).toBe(fromFile.correct);
    expect(fromFifo.n).toBe(87);
  });

  it('t2sql eval --pred /dev/stdin reads a shell pipe', () => {
    const script = 'cat "$0" | "$1" "$2" eval --data "$3" --pred /dev/stdin --no-cache --json --metric ex';
    const r = spawnSync('sh', ['-c', script, s.pred, process.execPath, bin, s.root], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).provenance.predictions.sha256).toBe(sha(fs.readFileSync(s.pred)));
  });

  it('readPredictionInput hashes the bytes it parsed, from a FIFO too', () => {
    const fifo = fifoFedWith(s.pred, 'lib.fifo');
    const { value: predictions, sha256 } = readPredictionInput(fifo);
    expect(predictions).toHaveLength(87);
    expect(sha256).toBe(sha(fs.readFileSync(s.pred)));
  });
});
