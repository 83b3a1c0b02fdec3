import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { printSpiderSql } from '../sql/parse/printSpiderSql.ts';
import { prepareForExecution } from '../sql/officialPreprocess.ts';
import type { GeneratedDatabase } from './DatabaseShape.ts';
import { rowCount } from './DatabaseShape.ts';
import { unstableGold } from './_internals/unstableGold.ts';
import { neighbourQueries, type Neighbour } from './neighbourQueries.ts';
import { separatesOrThrow as separates, type SeparationContext } from './separates.ts';
import { suiteGenerator, type GeneratorSettings, type SuiteInput } from './suiteGenerator.ts';
import { generatedDatabaseHash, writeDatabase } from './writeDatabase.ts';

/** Candidates drawn per round, and rounds in a row that separate nothing new before drawing stops. */
const ROUND = 10;
const PATIENCE = 2;

interface Candidate {
  readonly index: number;
  readonly file: string;
  readonly db: GeneratedDatabase;
  /** Open neighbours this database separates from the gold. */
  readonly kills: ReadonlySet<number>;
}

export interface DistillOptions extends GeneratorSettings {
  /** The fast-check seed the candidates are drawn from. Default 0. */
  readonly seed?: number;
  /** Candidate databases drawn at most (in rounds of 10, until two rounds in a row separate nothing new). Default 40. */
  readonly candidates?: number;
  /** Databases kept at most (the budget of the greedy cover). Default 8. */
  readonly maxDatabases?: number;
}

/** A kept database: which sample of the seed it is, and the neighbours it was kept for. */
export interface DistilledDatabase {
  readonly sampleIndex: number;
  /** The database file (in the work folder). */
  readonly file: string;
  readonly rows: number;
  /** Indices into `neighbours` this database separated first. */
  readonly kills: readonly number[];
}

/** Where a neighbour was first told apart from the gold: the original database, a kept database (its index), or nowhere (alive). */
export type KilledBy = 'original' | number | null;

export interface DistilledSuite {
  /** Whether the official parser read the gold and its printing matches it on the original database (else no neighbours). */
  readonly neighbourStatus: 'ok' | 'unparsed' | 'reprint-differs';
  readonly neighbours: ReadonlyArray<Neighbour & { readonly killedBy: KilledBy }>;
  readonly databases: readonly DistilledDatabase[];
  /** Candidates drawn, those left out because the gold failed on them, and chosen ones left out because the gold's result there depended on row order or tie order. */
  readonly candidates: { readonly drawn: number; readonly goldError: number; readonly unstable: number };
  readonly ms: number;
}

/**
 * Distils a test suite for one gold: draws candidate databases from the seed, writes each to
 * `workDir`, leaves out those where the gold fails, scores every neighbour the original
 * database does not already separate on every candidate, and keeps greedily the database that
 * separates the most neighbours not yet separated (unless the gold's result there depends on
 * row order or tie order), until none separates another or `maxDatabases` are kept.
 */
export async function distillSuite(input: SuiteInput, workDir: string, ctx: SeparationContext, options: DistillOptions = {}): Promise<DistilledSuite> {
  const started = performance.now();
  const seed = options.seed ?? 0;
  const drawn = options.candidates ?? 40;
  const budget = options.maxDatabases ?? 8;
  const scoring = { ...ctx, memo: ctx.memo ?? new Map() };
  const generator = suiteGenerator(input, options);
  fs.mkdirSync(workDir, { recursive: true });

  let neighbourStatus: DistilledSuite['neighbourStatus'] = 'unparsed';
  let neighbours: Neighbour[] = [];
  if (generator.parse.ok) {
    const reprint = await separates(input.databaseFile, input.gold, printSpiderSql(generator.parse.sql), scoring);
    neighbourStatus = reprint === 'same' ? 'ok' : 'reprint-differs';
    if (neighbourStatus === 'ok') {
      // A neighbour the evaluator's own rewrites make identical to the gold (DISTINCT removed) is no
      // neighbour; the removal leaves spaces behind (`count( x)`), so spacing is not compared.
      const asRun = (sql: string) => prepareForExecution(input.gold, sql, ctx.scoring ?? {}).pred.replace(/\s+/g, '');
      const own = asRun(printSpiderSql(generator.parse.sql));
      neighbours = neighbourQueries(generator.parse.sql, input.schema).filter((n) => asRun(n.sql) !== own);
    }
  }
  const killedBy: KilledBy[] = await Promise.all(
    neighbours.map(async (n) => ((await separates(input.databaseFile, input.gold, n.sql, scoring)) === 'same' ? null : 'original')),
  );

  // Candidates are drawn in rounds; drawing stops when every open neighbour is separated, when
  // PATIENCE rounds in a row separate none that earlier rounds did not, or after `candidates`.
  const samples = fc.sample(generator.arbitrary, { seed, numRuns: drawn });
  const open = neighbours.map((_, i) => i).filter((i) => killedBy[i] === null);
  const usable: Candidate[] = [];
  const seen = new Set<string>();
  const covered = new Set<number>();
  let goldError = 0;
  let tried = 0;
  let idle = 0;
  for (let from = 0; from < (open.length > 0 ? drawn : 0); from += ROUND) {
    const batch = samples.slice(from, from + ROUND).map((db, k) => ({ db, index: from + k, hash: generatedDatabaseHash(db) }));
    tried += batch.length;
    const fresh = batch.filter((c) => !seen.has(c.hash) && seen.add(c.hash));
    const evaluated = await Promise.all(
      fresh.map(async ({ db, index, hash }): Promise<Candidate | null> => {
        const file = path.join(workDir, `${hash.slice(0, 20)}.sqlite`);
        writeDatabase(generator.shape, db, file);
        if ((await separates(file, input.gold, input.gold, scoring)) === 'gold_error') return null;
        const verdicts = await Promise.all(open.map(async (i) => (await separates(file, input.gold, neighbours[i]!.sql, scoring)) === 'separates'));
        return { index, file, db, kills: new Set(open.filter((_, k) => verdicts[k])) };
      }),
    );
    const before = covered.size;
    for (const c of evaluated) {
      if (c === null) goldError++;
      else {
        usable.push(c);
        for (const i of c.kills) covered.add(i);
      }
    }
    idle = covered.size === before ? idle + 1 : 0;
    if (covered.size === open.length || idle >= PATIENCE) break;
  }

  // Greedy cover. A database is kept only if the gold's result there does not depend on the
  // physical order of rows (checked on a copy with its rows inserted in reverse) nor on how
  // ties between its ORDER BY keys are broken.
  const databases: DistilledDatabase[] = [];
  const alive = new Set(open);
  const out = new Set<number>();
  let unstable = 0;
  while (databases.length < budget && alive.size > 0) {
    let best = -1;
    let bestGain = 0;
    usable.forEach((c, k) => {
      if (out.has(k)) return;
      let gain = 0;
      for (const i of c.kills) if (alive.has(i)) gain++;
      // Ties go to the smaller database (easier to read), then the earlier sample.
      if (gain > bestGain || (gain === bestGain && gain > 0 && rowCount(c.db) < rowCount(usable[best]!.db))) {
        best = k;
        bestGain = gain;
      }
    });
    if (best < 0) break;
    out.add(best);
    const c = usable[best]!;
    if (await unstableGold(generator.shape, c.db, c.file, input.gold, scoring)) {
      unstable++;
      continue;
    }
    const kills = [...c.kills].filter((i) => alive.has(i)).sort((a, b) => a - b);
    for (const i of kills) {
      alive.delete(i);
      killedBy[i] = databases.length;
    }
    databases.push({ sampleIndex: c.index, file: c.file, rows: rowCount(c.db), kills });
  }
  return {
    neighbourStatus,
    neighbours: neighbours.map((n, i) => ({ ...n, killedBy: killedBy[i] ?? null })),
    databases,
    candidates: { drawn: tried, goldError, unstable },
    ms: performance.now() - started,
  };
}
