import fs from 'node:fs';
import type { SpiderPaths } from '../data/spiderPaths.ts';
import { scoreExactMatch, type ExactMatchInput, type ExactMatchVerdict } from '../metrics/exactMatch.ts';
import { summarizeExactMatch, type ExactMatchSummary } from '../metrics/partialScores.ts';
import { foreignKeyMaps } from '../sql/parse/foreignKeyMaps.ts';
import { loadParserSchema } from '../sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../sql/parse/ParserSchema.ts';
import type { SpiderTablesEntry } from '../sql/parse/SpiderTables.ts';

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
  const kmaps = foreignKeyMaps(JSON.parse(fs.readFileSync(paths.tables, 'utf8')) as SpiderTablesEntry[]);
  const schemas = new Map<string, ParserSchema>();
  const ctx = {
    schema: (dbId: string) => {
      let s = schemas.get(dbId);
      if (!s) schemas.set(dbId, (s = loadParserSchema(paths.database(dbId))));
      return s;
    },
    kmap: (dbId: string) => kmaps.get(dbId),
  };
  const verdicts = examples.map((e) => scoreExactMatch(e, ctx));
  const scored = verdicts.flatMap((v) => (v.kind === 'scored' ? [v] : []));
  return { verdicts, summary: summarizeExactMatch(scored), goldUnparseable: verdicts.length - scored.length };
}
