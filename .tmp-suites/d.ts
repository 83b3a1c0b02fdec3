import fs from 'node:fs';
import { schemaFromSqlite } from '../src/schema/schemaFromSqlite.ts';
import { SqlitePool } from '../src/sql/SqlitePool.ts';
import { distillSuite } from '../src/suites/distillSuite.ts';
const gold = fs.readFileSync('/work/shared/spider/dev_gold.sql', 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
const pool = new SqlitePool({ size: 1 });
const picks = (process.argv[2] ?? '0,3,10,25,40,100,200,400').split(',').map(Number);
for (const i of picks) {
  const [sql, dbId] = gold[i]!;
  const f = `/work/shared/spider/database/${dbId}/${dbId}.sqlite`;
  const t = Date.now();
  const s = await distillSuite({ dbId: dbId!, databaseFile: f, schema: schemaFromSqlite(f), gold: sql! }, `/tmp/sx/work/${i}`, { executor: pool }, {});
  const alive = s.neighbours.filter((n) => n.killedBy === null);
  console.log(i, sql, '\n  ', s.neighbourStatus, 'neighbours', s.neighbours.length, 'original', s.neighbours.filter((n) => n.killedBy === 'original').length, 'suite', s.neighbours.filter((n) => typeof n.killedBy === 'number').length, 'alive', alive.length, 'dbs', s.databases.map((d) => d.rows), JSON.stringify(s.candidates), Date.now() - t, 'ms');
  for (const a of alive.slice(0, 6)) console.log('     alive', a.kind, a.sql);
}
await pool.close();
