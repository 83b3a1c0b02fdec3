import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { GeneratedDatabase } from './DatabaseShape.ts';
import { rowCount } from './DatabaseShape.ts';
import { unstableGold } from './_internals/unstableGold.ts';
import { separatesOrThrow as separates, type SeparationContext } from './separates.ts';
import { suiteGenerator, type GeneratorSettings, type SuiteGenerator, type SuiteInput } from './suiteGenerator.ts';
import { generatedDatabaseHash, writeDatabase } from './writeDatabase.ts';

export interface CounterexampleOptions extends GeneratorSettings {
  /** The seed the candidates are drawn from (a suite's seed, to start from its databases). Default 0. */
  readonly seed?: number;
  /** Candidates drawn from the seed, at most. Default 200. */
  readonly candidates?: number;
  /** Sample indices tried first (a suite's databases). */
  readonly preferred?: readonly number[];
}

export type CounterexampleResult =
  | {
      readonly kind: 'found';
      /** The shrunk database, and its file in the work folder. */
      readonly database: GeneratedDatabase;
      readonly file: string;
      /** The sample of the seed it was shrunk from, and that sample's rows. */
      readonly sampleIndex: number;
      readonly rowsBefore: number;
      readonly rows: number;
      readonly generator: SuiteGenerator;
    }
  | { readonly kind: 'none'; readonly tried: number; readonly generator: SuiteGenerator };

/**
 * A smallest database that tells `pred` from the gold: the first candidate of the seed (preferred
 * indices first) on which the prediction's verdict is not a match while the gold runs and its
 * result depends neither on row order nor on tie order, shrunk by fast-check (replaying that sample by its path) to as few
 * rows as still separate them. Every database tried is a real file scored through `ctx`.
 */
export async function minimalCounterexample(input: SuiteInput, pred: string, workDir: string, ctx: SeparationContext, options: CounterexampleOptions = {}): Promise<CounterexampleResult> {
  const seed = options.seed ?? 0;
  const drawn = options.candidates ?? 200;
  const generator = suiteGenerator(input, options);
  const scoring = { ...ctx, memo: ctx.memo ?? new Map() };
  fs.mkdirSync(workDir, { recursive: true });
  const known = new Map<string, Promise<{ file: string; separated: boolean }>>();
  const tells = (db: GeneratedDatabase): Promise<{ file: string; separated: boolean }> => {
    const hash = generatedDatabaseHash(db);
    let answer = known.get(hash);
    if (!answer) known.set(hash, (answer = decide(db, hash)));
    return answer;
  };
  // The stability check (a second file, a probe query) is needed only where the prediction differs.
  const decide = async (db: GeneratedDatabase, hash: string): Promise<{ file: string; separated: boolean }> => {
    const file = path.join(workDir, `${hash.slice(0, 20)}.sqlite`);
    writeDatabase(generator.shape, db, file);
    if ((await separates(file, input.gold, pred, scoring)) !== 'separates') return { file, separated: false };
    return { file, separated: !(await unstableGold(generator.shape, db, file, input.gold, scoring)) };
  };

  const samples = fc.sample(generator.arbitrary, { seed, numRuns: drawn });
  const preferred = (options.preferred ?? []).filter((i) => i >= 0 && i < drawn);
  const order = [...preferred, ...samples.map((_, i) => i).filter((i) => !preferred.includes(i))];
  let start = -1;
  // In batches, so a pool of processes stays busy without drawing all 200 when the first few tell.
  for (let at = 0; at < order.length && start < 0; at += 16) {
    const batch = order.slice(at, at + 16);
    const results = await Promise.all(batch.map((i) => tells(samples[i]!)));
    const hit = results.findIndex((r) => r.separated);
    if (hit >= 0) start = batch[hit]!;
  }
  if (start < 0) return { kind: 'none', tried: order.length, generator };

  const outcome = await fc.check(
    fc.asyncProperty(generator.arbitrary, async (db) => !(await tells(db)).separated),
    { seed, path: String(start), endOnFailure: false },
  );
  const shrunk = outcome.counterexample?.[0] ?? samples[start]!;
  const { file, separated } = await tells(shrunk);
  if (!separated) throw new Error('internal: the shrunk database no longer separates the prediction from the gold');
  return { kind: 'found', database: shrunk, file, sampleIndex: start, rowsBefore: rowCount(samples[start]!), rows: rowCount(shrunk), generator };
}
