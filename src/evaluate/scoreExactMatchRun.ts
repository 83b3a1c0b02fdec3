import type { SpiderPaths } from '../data/spiderPaths.ts';
import { scoreExactMatch, type ExactMatchInput, type ExactMatchVerdict } from '../metrics/exactMatch.ts';
import { summarizeExactMatch, type ExactMatchSummary } from '../metrics/partialScores.ts';
import { readTablesJson } from '../schema/readTablesJson.ts';
import { foreignKeyMaps } from '../sql/parse/foreignKeyMaps.ts';
import { loadParserSchema } from '../sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../sql/parse/ParserSchema.ts';

export interface ExactMatchRun {
  readonly verdicts: readonly ExactMatchVerdict[];
  /** The official report's table: count, exact match and partial scores per hardness. */
  readonly summary: ExactMatchSummary;
  /** Examples whose gold query the parser rejects (the official script would stop there). */
  readonly goldUnparseable: number;
}

/**
 * Exact set match over a run, as the official evaluation.py computes it: schemas read from
 * each SQLite file, foreign-key maps from tables.json.
 */
export function scoreExactMatchRun(examples: readonly ExactMatchInput[], paths: SpiderPaths): ExactMatchRun {
  const score = exactMatchScorer(paths);
  return finish(examples.map(score));
}

/**
 * The same, a few examples per turn of the event loop, so it runs while the query pool
 * works (the main thread is otherwise idle, waiting for results).
 */
export async function scoreExactMatchRunInterleaved(examples: readonly ExactMatchInput[], paths: SpiderPaths, chunk = 4): Promise<ExactMatchRun> {
  // Small chunks after I/O: the answers of the query processes are read (and the processes
  // refilled) between chunks, so exact match does not hold up execution.
  await new Promise((resolve) => setImmediate(resolve));
  const score = exactMatchScorer(paths);
  const verdicts: ExactMatchVerdict[] = [];
  for (let i = 0; i < examples.length; i += chunk) {
    await new Promise((resolve) => setImmediate(resolve));
    for (const e of examples.slice(i, i + chunk)) verdicts.push(score(e));
  }
  return finish(verdicts);
}

function finish(verdicts: ExactMatchVerdict[]): ExactMatchRun {
  const scored = verdicts.flatMap((v) => (v.kind === 'scored' ? [v] : []));
  return { verdicts, summary: summarizeExactMatch(scored), goldUnparseable: verdicts.length - scored.length };
}

function exactMatchScorer(paths: SpiderPaths): (e: ExactMatchInput) => ExactMatchVerdict {
  const kmaps = foreignKeyMaps(readTablesJson(paths.tables));
  const schemas = new Map<string, ParserSchema>();
  const ctx = {
    schema: (dbId: string) => {
      let s = schemas.get(dbId);
      if (!s) schemas.set(dbId, (s = loadParserSchema(paths.database(dbId))));
      return s;
    },
    kmap: (dbId: string) => kmaps.get(dbId),
    golds: new Map(),
  };
  // Spider asks most questions twice and systems often answer both alike: a third of a dev
  // run's (db, gold, prediction) triples repeat. Scoring is pure, so each is scored once.
  const verdicts = new Map<string, ExactMatchVerdict>();
  return (e) => {
    const key = `${e.dbId}\u0000${e.goldSql}\u0000${e.predSql}`;
    let verdict = verdicts.get(key);
    if (!verdict) verdicts.set(key, (verdict = scoreExactMatch(e, ctx)));
    return verdict;
  };
}
