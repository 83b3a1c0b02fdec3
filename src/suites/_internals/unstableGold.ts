import type { GeneratedDatabase, DatabaseShape } from '../DatabaseShape.ts';
import { dependsOnRowOrder } from '../dependsOnRowOrder.ts';
import { orderTies } from '../orderTies.ts';
import type { SeparationContext } from '../separates.ts';
import { generatedDatabaseHash, writeDatabase } from '../writeDatabase.ts';
import path from 'node:path';

/**
 * Whether the gold's result on a generated database could come out otherwise on another engine:
 * it changes when the rows are inserted in reverse (a copy is written beside `file`), or its
 * ORDER BY keys tie between rows that differ. Such a database could fail a correct query.
 */
export async function unstableGold(shape: DatabaseShape, db: GeneratedDatabase, file: string, gold: string, ctx: SeparationContext): Promise<boolean> {
  const reversed = { tables: db.tables.map((t) => ({ ...t, rows: [...t.rows].reverse() })) };
  const reversedFile = path.join(path.dirname(file), `${generatedDatabaseHash(reversed).slice(0, 20)}.r.sqlite`);
  writeDatabase(shape, reversed, reversedFile);
  if (await dependsOnRowOrder(file, reversedFile, gold, ctx)) return true;
  return (await orderTies(file, gold, ctx.executor)).kind === 'ties';
}
