import { readGoldFile } from '../src/data/goldFile.ts';
import { spiderPaths } from '../src/data/spiderPaths.ts';
import { SqlitePool } from '../src/sql/SqlitePool.ts';
import { exampleSuites } from '../src/suites/exampleSuites.ts';
const paths = spiderPaths('/work/shared');
const gold = readGoldFile(paths.devGold);
const ex = gold.filter((_, i) => i % 10 === 0).map((g) => ({ index: g.index, dbId: g.dbId, gold: g.sql, databaseFile: paths.database(g.dbId) }));
const pool = new SqlitePool();
const s = await exampleSuites(ex, '/tmp/sx/suites-i', pool, { candidates: Number(process.argv[2] ?? 40) });
const kinds: Record<string, [number, number]> = {};
for (const [i, v] of s) for (const n of v.manifest.neighbours) { const k = (kinds[n.kind] ??= [0, 0]); k[0]++; if (n.killedBy === null) { k[1]++; if (process.argv[3]) console.log(i, n.kind, '|', v.manifest.gold, '|', n.sql); } }
console.log(kinds);
await pool.close();
