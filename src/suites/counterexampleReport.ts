import type { ExecOutcome, SqlExecutor } from '../sql/ExecOutcome.ts';
import { prepareForExecution, type PreprocessOptions } from '../sql/officialPreprocess.ts';
import type { DatabaseShape, GeneratedDatabase } from './DatabaseShape.ts';
import { quoteIdent } from './_internals/quoteIdent.ts';
import { sqlLiteral } from './_internals/sqlLiteral.ts';

/** A counterexample as data: the statements that build it and what each query returns there. */
export interface CounterexampleReport {
  /** `CREATE TABLE` (original text) and `INSERT` statements (see databaseStatements). */
  readonly statements: readonly string[];
  readonly gold: { readonly sql: string; readonly outcome: ExecOutcome };
  readonly pred: { readonly sql: string; readonly outcome: ExecOutcome };
  readonly orderMatters: boolean;
}

/**
 * The statements that rebuild a generated database: the CREATE TABLE of each table that has rows
 * and of every table those reference (so the statements replay with foreign keys enforced), in
 * creation order, then the INSERTs.
 */
export function databaseStatements(shape: DatabaseShape, db: GeneratedDatabase): string[] {
  const lower = (s: string) => s.toLowerCase();
  const needed = new Set(db.tables.filter((t) => t.rows.length > 0).map((t) => lower(t.name)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of shape.tables) {
      if (!needed.has(lower(t.name))) continue;
      for (const fk of t.foreignKeys) if (!needed.has(lower(fk.refTable)) && shape.tables.some((x) => lower(x.name) === lower(fk.refTable))) grew = needed.add(lower(fk.refTable)) !== null;
    }
  }
  const out = shape.tables.filter((t) => needed.has(lower(t.name))).map((t) => `${t.createSql.trim()};`);
  for (const t of db.tables) {
    const cols = t.columns.map(quoteIdent).join(', ');
    for (const row of t.rows) out.push(`INSERT INTO ${quoteIdent(t.name)} (${cols}) VALUES (${row.map(sqlLiteral).join(', ')});`);
  }
  return out;
}

/** Runs both queries (as the evaluator rewrites them) on the counterexample's file and collects the report. */
export async function counterexampleReport(
  shape: DatabaseShape,
  db: GeneratedDatabase,
  file: string,
  gold: string,
  pred: string,
  executor: SqlExecutor,
  scoring: PreprocessOptions = {},
): Promise<CounterexampleReport> {
  const prepared = prepareForExecution(gold, pred, scoring);
  const [g, p] = await Promise.all([executor.execute(file, prepared.gold), executor.execute(file, prepared.pred)]);
  return { statements: databaseStatements(shape, db), gold: { sql: gold, outcome: g }, pred: { sql: pred, outcome: p }, orderMatters: prepared.orderMatters };
}
