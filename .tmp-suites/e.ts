import { schemaFromSqlite } from '../src/schema/schemaFromSqlite.ts';
import { SqlitePool } from '../src/sql/SqlitePool.ts';
import { minimalCounterexample } from '../src/suites/minimalCounterexample.ts';
import { counterexampleReport } from '../src/suites/counterexampleReport.ts';
import { formatCounterexample } from '../src/suites/formatCounterexample.ts';
const pool = new SqlitePool({ size: 1 });
const f = '/work/shared/spider/database/concert_singer/concert_singer.sqlite';
const input = { dbId: 'concert_singer', databaseFile: f, schema: schemaFromSqlite(f), gold: 'SELECT count(*) FROM singer WHERE age > 20' };
for (const pred of ['SELECT count(*) FROM singer WHERE age >= 20', 'SELECT count(DISTINCT age) FROM singer WHERE age > 20', 'select count(*) from singer where age > 20']) {
  const t = Date.now();
  const r = await minimalCounterexample(input, pred, '/tmp/sx/cx', { executor: pool });
  console.log(r.kind, Date.now() - t, 'ms', r.kind === 'found' ? [r.sampleIndex, r.rowsBefore, r.rows] : r.tried);
  if (r.kind === 'found') console.log(formatCounterexample(await counterexampleReport(r.generator.shape, r.database, r.file, input.gold, pred, pool)));
}
await pool.close();
