import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionEnv } from '../../src/metrics/ExecutionEnv.ts';
import { scoreExecution } from '../../src/metrics/scoreExecution.ts';
import { SqlitePool } from '../../src/sql/SqlitePool.ts';
import { buildSuite } from '../../src/suites/buildSuite.ts';
import { fcParams } from '../support/fastCheck.ts';
import { requireData } from '../support/requireData.ts';
import { REWRITE_KINDS, rewrite, type RewriteKind } from './support/equivalentRewrites.ts';
import { devGolds, fetchSpider, paths, requiredFiles, suiteInput } from './support/suiteData.ts';

/**
 * No false negatives: a query equivalent to the gold (rewritten by node-sql-parser, not by our
 * own parser) matches it on every database of the gold's generated suite. The golds are the
 * first dev golds each rewrite applies to (FC_LONG=k takes k times as many).
 */
const PER_KIND = fcParams(2).numRuns;

function pickGolds(): number[] {
  const picked = new Set<number>();
  for (const kind of REWRITE_KINDS.filter((k) => k !== 'reprint')) {
    let n = 0;
    for (const [i, g] of devGolds().entries()) {
      if (n >= PER_KIND) break;
      // The official driver rewrites "value" in a prediction (not in the gold): such golds cannot be rewritten faithfully.
      if (g.sql.includes('value') || rewrite(g.sql, kind) === null) continue;
      picked.add(i);
      n++;
    }
  }
  return [...picked].sort((a, b) => a - b);
}

/** Every rewrite that applies, one after another. */
function allRewrites(sql: string): string | null {
  let out = sql;
  let applied = 0;
  for (const kind of REWRITE_KINDS) {
    const next = kind === 'reprint' ? null : rewrite(out, kind);
    if (next !== null) {
      out = next;
      applied++;
    }
  }
  return applied > 1 ? out : null;
}

describe('equivalent rewrites of dev golds match them on every database of their suites', () => {
  requireData(requiredFiles, fetchSpider);
  let pool: SqlitePool;
  let tmp: string;
  const golds = fs.existsSync(paths.devGold) ? pickGolds() : [];
  const applied = new Map<RewriteKind | 'all', number>();
  let withDatabases = 0;
  beforeAll(() => {
    pool = new SqlitePool({ size: 1 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-suites-meta-'));
  });
  afterAll(async () => {
    await pool?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each(golds)('dev gold %i', async (i) => {
    const g = devGolds()[i]!;
    const suite = await buildSuite(suiteInput(g.dbId, g.sql), tmp, pool, { candidates: 30 });
    if (suite.files.length > 0) withDatabases++;
    const env: ExecutionEnv = { executor: pool, databases: () => [paths.database(g.dbId), ...suite.files] };
    const variants: [RewriteKind | 'all', string | null][] = [...REWRITE_KINDS.map((k) => [k, rewrite(g.sql, k)] as [RewriteKind, string | null]), ['all', allRewrites(g.sql)]];
    for (const [kind, sql] of variants) {
      if (sql === null) continue;
      applied.set(kind, (applied.get(kind) ?? 0) + 1);
      const verdict = await scoreExecution({ index: i, dbId: g.dbId, gold: g.sql, pred: sql }, env);
      expect(verdict, `${kind}: ${sql}`).toMatchObject({ correct: true });
    }
  });

  it('every rewrite was tried, on suites that hold generated databases', () => {
    for (const kind of [...REWRITE_KINDS, 'all' as const]) expect(applied.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(1);
    expect(withDatabases).toBeGreaterThanOrEqual(Math.ceil(golds.length / 2));
  });
});
