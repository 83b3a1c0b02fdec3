import type fc from 'fast-check';
import type { ParseError } from '../sql/parse/ParseError.ts';
import { loadParserSchema } from '../sql/parse/loadParserSchema.ts';
import { parseSpiderSql } from '../sql/parse/parseSpiderSql.ts';
import type { SpiderSql } from '../sql/parse/SpiderSql.ts';
import type { Schema } from '../schema/Schema.ts';
import { databaseArbitrary } from './databaseArbitrary.ts';
import type { DatabaseShape, GeneratedDatabase } from './DatabaseShape.ts';
import { goldLiterals } from './goldLiterals.ts';
import { withLimitValues } from './neighbourQueries.ts';
import { readDatabaseShape } from './readDatabaseShape.ts';

/** One gold query on its original database. */
export interface SuiteInput {
  readonly dbId: string;
  /** The original `.sqlite` file. */
  readonly databaseFile: string;
  /** The database's schema (`schemaFromSqlite`, or tables.json's with declared types). */
  readonly schema: Schema;
  readonly gold: string;
}

/** What shapes the generated databases. */
export interface GeneratorSettings {
  /** Rows per table, at most. Default 5. */
  readonly maxRows?: number;
  /** Original values kept per column. Default 12. */
  readonly valuesPerColumn?: number;
}

/** The generator for one gold: its parse (when the official parser reads it), the shape and the arbitrary. */
export interface SuiteGenerator {
  readonly parse: { readonly ok: true; readonly sql: SpiderSql } | { readonly ok: false; readonly error: ParseError };
  readonly shape: DatabaseShape;
  readonly arbitrary: fc.Arbitrary<GeneratedDatabase>;
}

/**
 * Builds the database arbitrary for a gold query: the gold is parsed against the file's schema
 * (with its real LIMIT values), its literals and ORDER BY columns shape the column domains.
 * Deterministic: the same inputs give the same arbitrary, so a seed and a sample index name a
 * database.
 */
export function suiteGenerator(input: SuiteInput, settings: GeneratorSettings = {}): SuiteGenerator {
  const parsed = parseSpiderSql(input.gold, loadParserSchema(input.databaseFile));
  const parse = parsed.ok ? { ok: true as const, sql: withLimitValues(parsed.sql, input.gold) } : parsed;
  const hints = parse.ok ? goldLiterals(parse.sql) : undefined;
  const maxRows = settings.maxRows ?? 5;
  const shape = readDatabaseShape(input.schema, input.databaseFile, hints, { maxRows, valuesPerColumn: settings.valuesPerColumn ?? 12 });
  return { parse, shape, arbitrary: databaseArbitrary(shape, { maxRows }) };
}
