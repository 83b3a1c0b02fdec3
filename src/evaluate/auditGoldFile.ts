import type { SqlExecutor } from '../sql/ExecOutcome.ts';
import type { PreprocessOptions } from '../sql/officialPreprocess.ts';
import { auditGoldOrder, type AmbiguousGold } from '../suites/auditGoldOrder.ts';
import { loadGold, type Split } from './evaluateRun.ts';
import { spiderPaths } from '../data/spiderPaths.ts';
import { checkSpiderData } from '../schema/checkSpiderData.ts';

export interface GoldAudit {
  readonly goldFile: string;
  readonly n: number;
  /** Gold queries whose result depends on row order or on how ORDER BY ties are broken. */
  readonly ambiguous: ReadonlyArray<AmbiguousGold & { readonly gold: string }>;
}

/**
 * `t2sql data audit`: every gold query of a split (or gold file) run on its database and on a
 * copy with the rows inserted in reverse, and its ORDER BY keys probed for ties
 * (suites/auditGoldOrder), once the Spider files they need are checked (checkSpiderData). The
 * reversed copies are written under `workDir` and removed.
 */
export async function auditGoldFile(
  input: { readonly dataRoot: string; readonly split?: Split; readonly goldFile?: string; readonly workDir: string; readonly executor: SqlExecutor; readonly scoring?: PreprocessOptions },
): Promise<GoldAudit> {
  const paths = spiderPaths(input.dataRoot);
  const split = input.split ?? 'dev';
  const goldFile = input.goldFile ?? (split === 'dev' ? paths.devGold : paths.trainGold);
  const gold = loadGold(input.dataRoot, split, goldFile);
  // A broken database would read as an empty one (every query on it "ambiguous"), or not at all.
  checkSpiderData(paths, input.dataRoot, gold, goldFile);
  const found = await auditGoldOrder(
    gold.map((g) => ({ index: g.index, dbId: g.dbId, gold: g.sql, databaseFile: paths.database(g.dbId) })),
    input.workDir,
    input.executor,
    input.scoring ?? {},
  );
  const sqlOf = new Map(gold.map((g) => [g.index, g.sql]));
  return { goldFile, n: gold.length, ambiguous: found.sort((a, b) => a.index - b.index).map((a) => ({ ...a, gold: sqlOf.get(a.index)! })) };
}
