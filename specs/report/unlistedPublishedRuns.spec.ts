// The published Qwen2.5-Coder runs the report shows beside the study's cells are the replies sets
// of src/data/published/replySets.json: their list, their metadata and the sha256 their pred.sql
// must have come from there (the data root's SOURCE.json is not read). A pred.sql that is not the
// pinned file stops `t2sql report` with one line naming it and the command that fetches it again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { InputError } from '../../src/data/InputError.ts';
import { publishedReplySets } from '../../src/data/published/publishedReplySets.ts';
import { sha256File } from '../../src/data/sha256File.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { claimsReport } from '../../src/report/ClaimsJsonReporter.ts';
import { SCHEMA_PAIRS } from '../../src/report/reportSections.ts';
import { QWEN_PUBLISHED, unlistedPublishedRuns } from '../../src/report/unlistedPublishedRuns.ts';
import { fetchData, requireData } from '../support/requireData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const [small, large] = QWEN_PUBLISHED;
const pred = (dataRoot: string, name: string) => path.join(dataRoot, 'predictions', name, 'pred.sql');

describe('the published Qwen2.5-Coder runs of the report', () => {
  requireData(QWEN_PUBLISHED.map((n) => pred(root, n)), fetchData.predictions);
  let tmp: string;
  /** A data root whose Qwen folders hold only pred.sql (no SOURCE.json): the small one as published, the large one damaged. */
  let damaged: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-unlisted-'));
    damaged = path.join(tmp, 'root');
    fs.mkdirSync(path.join(damaged, 'predictions'), { recursive: true });
    fs.symlinkSync(spiderPaths(root).root, path.join(damaged, 'spider'));
    for (const set of SCHEMA_PAIRS.flatMap((p) => [p.a, p.b])) fs.symlinkSync(path.join(root, 'predictions', set), path.join(damaged, 'predictions', set));
    for (const name of QWEN_PUBLISHED) fs.mkdirSync(path.join(damaged, 'predictions', name));
    fs.copyFileSync(pred(root, small), pred(damaged, small));
    const lines = fs.readFileSync(pred(root, large), 'utf8').split('\n');
    lines[7] = 'SELECT 1';
    fs.writeFileSync(pred(damaged, large), lines.join('\n'));
  });
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('are the replies sets, smaller model first, described as replySets.json pins them', () => {
    const sets = publishedReplySets();
    expect([...QWEN_PUBLISHED]).toEqual(sets.map((s) => s.name));
    const { present, missing } = unlistedPublishedRuns(root);
    expect(missing).toEqual([]);
    for (const [i, p] of present.entries()) {
      const s = sets[i]!;
      expect(p).toMatchObject({ name: s.name, model: s.model, size: s.size, condition: s.condition, repo: s.repo, commit: s.commit, path: s.path, reported: s.reported, predSha256: s.predSha256 });
      expect(sha256File(pred(root, p.name))).toBe(s.predSha256);
    }
    expect(present.map((p) => p.size)).toEqual(['1.5B', '3B']);
  });

  test('a pred.sql is checked against the pinned sha256, with or without a SOURCE.json beside it', () => {
    expect(unlistedPublishedRuns(damaged, [small]).present.map((p) => p.name)).toEqual([small]);
    expect(unlistedPublishedRuns(path.join(tmp, 'nothing'))).toEqual({ present: [], missing: [...QWEN_PUBLISHED] });
    let error: unknown;
    try {
      unlistedPublishedRuns(damaged);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const pinned = publishedReplySets().find((s) => s.name === large)!.predSha256;
    expect((error as InputError).message).toBe(`${pred(damaged, large)}: sha256 ${sha256File(pred(damaged, large)).slice(0, 12)}… is not the pinned ${pinned.slice(0, 12)}… of ${large} (fetch it again: npx t2sql data predictions)`);
  });

  test('t2sql report on a damaged pred.sql: exit 1, one line naming the file and the command', () => {
    const claims = path.join(tmp, 'claims.json');
    fs.writeFileSync(claims, JSON.stringify(claimsReport([], '0.0.0', new Date(0).toISOString())));
    const r = runCliProcess(['report', '--claims', claims, '--data', damaged, '--out', path.join(tmp, 'out'), '--suite', 'none']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(pred(damaged, large));
    expect(r.stderr).toContain('npx t2sql data predictions');
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });
});
