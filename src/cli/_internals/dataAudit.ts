import path from 'node:path';
import { auditGoldFile } from '../../evaluate/auditGoldFile.ts';
import { homeLayout } from '../../data/homeLayout.ts';
import { SqlitePool } from '../../sql/SqlitePool.ts';
import type { CliContext } from '../Command.ts';
import { dataRootFor, t2sqlHome } from './common.ts';
import { flag, parseFlags } from './flags.ts';

/**
 * `t2sql data audit [--split dev|train] [--gold FILE] [--jobs N] [--json] [--data DIR]`: lists the
 * gold queries whose result depends on row order or on how ORDER BY ties are broken (another
 * SQLite version may return another result, and a verdict on them may flip).
 */
export async function dataAudit(ctx: CliContext, args: string[]): Promise<number> {
  const { values: v } = parseFlags(args, {
    split: flag.choice(['dev', 'train'], 'dev'),
    gold: flag.string(),
    jobs: flag.jobs(),
    json: flag.boolean(),
    data: flag.string(),
  });
  const root = dataRootFor(ctx, v.data);
  const pool = new SqlitePool({ ...(v.jobs ? { size: v.jobs } : {}) });
  pool.warmUp();
  try {
    const audit = await auditGoldFile({
      dataRoot: root.dir,
      split: v.split,
      ...(v.gold ? { goldFile: path.resolve(ctx.cwd, v.gold) } : {}),
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
}
