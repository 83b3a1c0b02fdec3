import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mapBounded } from '../core/boundedConcurrency.ts';
import type { SqlExecutor } from '../sql/ExecOutcome.ts';
import type { PreprocessOptions } from '../sql/officialPreprocess.ts';
import { dependsOnRowOrder } from './dependsOnRowOrder.ts';
import { orderTies } from './orderTies.ts';
import { writeReversedCopy } from './writeReversedCopy.ts';

export interface AuditedGold {
  readonly index: number;
  readonly dbId: string;
  readonly gold: string;
  readonly databaseFile: string;
}

/** A gold query whose result on its own database depends on row order or on how ties are broken. */
export interface AmbiguousGold {
  readonly index: number;
  readonly dbId: string;
  /** Its result changes when the database's rows are inserted in reverse. */
  readonly rowOrder: boolean;
  /** Its ORDER BY keys tie between rows that differ, from this row (0-based) on; null if not. */
  readonly tieAt: number | null;
}

/**
 * Gold queries whose results rest on row order (for `t2sql data audit`): each gold runs on its
 * database and on a copy with the rows inserted in reverse (written once per database under
 * `workDir`, removed after), and its ORDER BY keys are probed for ties.
 */
export async function auditGoldOrder(golds: readonly AuditedGold[], workDir: string, executor: SqlExecutor, scoring: PreprocessOptions = {}): Promise<AmbiguousGold[]> {
  const dir = path.join(workDir, `.audit.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
  const copies = new Map<string, string>();
  try {
    for (const g of golds) {
      if (copies.has(g.databaseFile)) continue;
      const copy = path.join(dir, `${copies.size}.sqlite`);
      writeReversedCopy(g.databaseFile, copy);
      copies.set(g.databaseFile, copy);
    }
    const found = await mapBounded(golds, 64, async (g): Promise<AmbiguousGold | null> => {
      const [rowOrder, ties] = await Promise.all([
        dependsOnRowOrder(g.databaseFile, copies.get(g.databaseFile)!, g.gold, { executor, scoring }),
        orderTies(g.databaseFile, g.gold, executor),
      ]);
      const tieAt = ties.kind === 'ties' ? ties.at : null;
      return rowOrder || tieAt !== null ? { index: g.index, dbId: g.dbId, rowOrder, tieAt } : null;
    });
    return found.filter((a): a is AmbiguousGold => a !== null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
