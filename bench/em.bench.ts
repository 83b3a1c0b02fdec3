/**
 * Parsing + exact match for one full dev set (1,034 gold/prediction pairs), as
 * `t2sql eval --metric em` runs it. Target: under 2 s. Run: `npx tsx bench/em.bench.ts [set]`.
 */
import fs from 'node:fs';
import { resolveDataRoot } from '../src/data/dataRoot.ts';
import { publishedSetPaths, spiderPaths } from '../src/data/spiderPaths.ts';
import { scoreExactMatch, type ExactMatchContext } from '../src/metrics/exactMatch.ts';
import { summarizeExactMatch, type ScoredExample } from '../src/metrics/partialScores.ts';
import { foreignKeyMaps } from '../src/sql/parse/foreignKeyMaps.ts';
import { loadParserSchema } from '../src/sql/parse/loadParserSchema.ts';
import type { ParserSchema } from '../src/sql/parse/ParserSchema.ts';
import { readTablesJson } from '../src/schema/readTablesJson.ts';

const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const paths = spiderPaths(root);
const set = process.argv[2] ?? 'resdsql-3b';
const lines = (f: string) => fs.readFileSync(f, 'utf8').split(/\r\n|\r|\n/);
const gold = lines(paths.devGold).filter((l) => l.trim()).map((l) => l.trim().split('\t') as [string, string]);
const preds = lines(publishedSetPaths(root, set).pred);

function run(): { ms: number; schemaMs: number; examples: ScoredExample[] } {
  const t0 = performance.now();
  const kmaps = foreignKeyMaps(readTablesJson(paths.tables));
  const schemas = new Map<string, ParserSchema>();
  for (const [, db] of gold) if (!schemas.has(db)) schemas.set(db, loadParserSchema(paths.database(db)));
  const schemaMs = performance.now() - t0;
  const ctx: ExactMatchContext = { schema: (db) => schemas.get(db)!, kmap: (db) => kmaps.get(db) };
  const examples: ScoredExample[] = [];
  gold.forEach(([goldSql, dbId], i) => {
    const v = scoreExactMatch({ goldSql, predSql: preds[i] ?? '', dbId }, ctx);
    if (v.kind === 'scored') examples.push(v);
  });
  return { ms: performance.now() - t0, schemaMs, examples };
}

const first = run();
const second = run();
const s = summarizeExactMatch(second.examples);
console.log(`em bench (${set}, ${gold.length} pairs): first run ${first.ms.toFixed(0)} ms (schemas ${first.schemaMs.toFixed(0)} ms), warm run ${second.ms.toFixed(0)} ms; EM ${s.all.exact.toFixed(3)}`);
