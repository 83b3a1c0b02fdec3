import fs from 'node:fs';
import { readGoldFile } from '../data/goldFile.ts';
import type { SpiderPaths } from '../data/spiderPaths.ts';
import { hardness, type Hardness } from '../metrics/hardness.ts';
import { loadParserSchema } from '../sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../sql/parse/ParserSchema.ts';
import { parseSpiderSql } from '../sql/parse/parseSpiderSql.ts';
import type { SpiderSql } from '../sql/parse/SpiderSql.ts';

/** One Spider dev example as the report shows it. */
export interface DevExample {
  readonly index: number;
  readonly dbId: string;
  readonly question: string;
  readonly gold: string;
  /** The gold's official parse (null when the parser rejects it). */
  readonly goldSql: SpiderSql | null;
  /** Spider's hardness of the gold (null when it has no parse). */
  readonly hardness: Hardness | null;
}

/** Spider dev in gold order, with hardness, and the official parser schema of each database. */
export function loadDevExamples(paths: SpiderPaths): { examples: DevExample[]; schema: (dbId: string) => ParserSchema } {
  const gold = readGoldFile(paths.devGold);
  const dev = JSON.parse(fs.readFileSync(paths.dev, 'utf8')) as { question: string; db_id: string }[];
  const schemas = new Map<string, ParserSchema>();
  const schema = (dbId: string): ParserSchema => {
    let s = schemas.get(dbId);
    if (!s) schemas.set(dbId, (s = loadParserSchema(paths.database(dbId))));
    return s;
  };
  const examples = gold.map((g, i) => {
    const parsed = parseSpiderSql(g.sql, schema(g.dbId));
    return {
      index: g.index,
      dbId: g.dbId,
      question: dev[i]?.question ?? '',
      gold: g.sql,
      goldSql: parsed.ok ? parsed.sql : null,
      hardness: parsed.ok ? hardness(parsed.sql) : null,
    };
  });
  return { examples, schema };
}
