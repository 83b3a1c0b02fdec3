import { auditGoldFile } from '../../evaluate/auditGoldFile.ts';
import { homeLayout } from '../../data/homeLayout.ts';
import { SqlitePool } from '../../sql/SqlitePool.ts';
import { goldSource, t2sqlHome } from './common.ts';
import { flagged } from '../defineCommand.ts';
import { flag } from './flags.ts';

/**
 * `t2sql data audit [--split dev|train] [--gold FILE] [--jobs N] [--json] [--data DIR]`: lists the
 * gold queries whose result depends on row order or on how ORDER BY ties are broken (another
 * SQLite version may return another result, and a verdict on them may flip).
 */
export const dataAudit = flagged({
  flags: { split: flag.choice(['dev', 'train'], 'dev'), gold: flag.string(), jobs: flag.jobs(), json: flag.boolean(), data: flag.string() },
  run: async (ctx, v) => {
    const gold = goldSource(ctx, v);
    const pool = new SqlitePool({ ...(v.jobs ? { size: v.jobs } : {}) });
    pool.warmUp();
    try {
      const audit = await auditGoldFile({
        ...gold,
        workDir: homeLayout(t2sqlHome(ctx)).suites,
        executor: pool,
      });
      if (v.json) {
        ctx.stdout.write(JSON.stringify(audit, null, 2) + '\n');
        return 0;
      }
      const lines = [`${audit.goldFile}: ${audit.ambiguous.length} of ${audit.n} gold queries are ambiguous (their result depends on row order or tie order)`];
      for (const a of audit.ambiguous) {
        const why = [a.rowOrder ? 'rows inserted in reverse change the result' : '', a.tieAt !== null ? `ORDER BY keys tie from row ${a.tieAt}` : ''].filter((x) => x !== '').join('; ');
        lines.push(`  ${String(a.index).padStart(5)}  ${a.dbId.padEnd(24)} ${why}`, `         ${a.gold}`);
      }
      ctx.stdout.write(lines.join('\n') + '\n');
      return 0;
    } finally {
      await pool.close();
    }
  },
});
