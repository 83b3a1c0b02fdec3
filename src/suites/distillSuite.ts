import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { printSpiderSql } from '../sql/parse/printSpiderSql.ts';
import { prepareForExecution } from '../sql/officialPreprocess.ts';
import type { GeneratedDatabase } from './DatabaseShape.ts';
import { rowCount } from './DatabaseShape.ts';
import { dependsOnRowOrder } from './dependsOnRowOrder.ts';
import { neighbourQueries, type Neighbour } from './neighbourQueries.ts';
import { separatesOrThrow as separates, type SeparationContext } from './separates.ts';
import { suiteGenerator, type GeneratorSettings, type SuiteInput } from './suiteGenerator.ts';
import { generatedDatabaseHash, writeDatabase } from './writeDatabase.ts';

export interface DistillOptions extends GeneratorSettings {
  /** The fast-check seed the candidates are drawn from. Default 0. */
  readonly seed?: number;
  /** Candidate databases drawn. Default 40. */
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
  /** Candidates drawn, and those left out because the gold failed on them or depended on row order there. */
  readonly candidates: { readonly drawn: number; readonly goldError: number; readonly rowOrder: number };
  readonly ms: number;
}

/**
 * Distils a test suite for one gold: draws candidate databases from the seed, writes each (and a
 * copy with its rows in reverse order) to `workDir`, leaves out those where the gold fails or
 * depends on row order, scores every neighbour the original database does not already
 * separate on every candidate, and keeps greedily the database that separates the most
 * neighbours not yet separated, until none separates another or `maxDatabases` are kept.
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
      // A neighbour the evaluator's own rewrites make identical to the gold (DISTINCT removed) is no neighbour.
      const asRun = (sql: string) => prepareForExecution(input.gold, sql, ctx.scoring ?? {}).pred;
      const own = asRun(printSpiderSql(generator.parse.sql));
      neighbours = neighbourQueries(generator.parse.sql, input.schema).filter((n) => asRun(n.sql) !== own);
    }
  }
  const killedBy: KilledBy[] = await Promise.all(
    neighbours.map(async (n) => ((await separates(input.databaseFile, input.gold, n.sql, scoring)) === 'same' ? null : 'original')),
  );

  const samples = fc.sample(generator.arbitrary, { seed, numRuns: drawn });
  const usable: { index: number; file: string; db: GeneratedDatabase }[] = [];
  let goldError = 0;
  let rowOrder = 0;
  await Promise.all(
    samples.map(async (db, index) => {
      const file = path.join(workDir, `${generatedDatabaseHash(db).slice(0, 20)}.sqlite`);
      const reversed = { tables: db.tables.map((t) => ({ ...t, rows: [...t.rows].reverse() })) };
      const reversedFile = path.join(workDir, `${generatedDatabaseHash(reversed).slice(0, 20)}.r.sqlite`);
      writeDatabase(generator.shape, db, file);
      writeDatabase(generator.shape, reversed, reversedFile);
      const [gold, order] = await Promise.all([separates(file, input.gold, input.gold, scoring), dependsOnRowOrder(file, reversedFile, input.gold, scoring)]);
      if (gold === 'gold_error') goldError++;
      else if (order) rowOrder++;
      else usable.push({ index, file, db });
    }),
  );
  usable.sort((a, b) => a.index - b.index);

  const open = neighbours.map((_, i) => i).filter((i) => killedBy[i] === null);
  const matrix = await Promise.all(
    usable.map(async (c) => {
      const verdicts = await Promise.all(open.map(async (i) => (await separates(c.file, input.gold, neighbours[i]!.sql, scoring)) === 'separates'));
      return new Set(open.filter((_, k) => verdicts[k]));
    }),
  );

  const databases: DistilledDatabase[] = [];
  const alive = new Set(open);
  const taken = new Set<number>();
  while (databases.length < budget && alive.size > 0) {
    let best = -1;
    let bestGain = 0;
    matrix.forEach((kills, c) => {
      if (taken.has(c)) return;
      let gain = 0;
      for (const i of kills) if (alive.has(i)) gain++;
      // Ties go to the smaller database (easier to read), then the earlier sample.
      if (gain > bestGain || (gain === bestGain && gain > 0 && rowCount(usable[c]!.db) < rowCount(usable[best]!.db))) {
        best = c;
        bestGain = gain;
      }
    });
    if (best < 0) break;
    taken.add(best);
    const kills = [...matrix[best]!].filter((i) => alive.has(i)).sort((a, b) => a - b);
    for (const i of kills) {
      alive.delete(i);
      killedBy[i] = databases.length;
    }
    const c = usable[best]!;
    databases.push({ sampleIndex: c.index, file: c.file, rows: rowCount(c.db), kills });
  }
  return {
    neighbourStatus,
    neighbours: neighbours.map((n, i) => ({ ...n, killedBy: killedBy[i] ?? null })),
    databases,
    candidates: { drawn, goldError, rowOrder },
    ms: performance.now() - started,
  };
}
