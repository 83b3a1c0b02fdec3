import type { Column, Schema, Table } from '../Schema.ts';
import type { SchemaSamples, SqlValue } from '../SchemaSamples.ts';
import type { SerializeOptions } from '../SerializeOptions.ts';
import { quoteIdentifier, type QuoteStyle } from './identifiers.ts';

/** Serializer options with every default filled in: the one place defaults live. */
export interface Settings {
  readonly quote: QuoteStyle;
  readonly lowercase: boolean;
  readonly tableOrder: 'schema' | 'name';
  readonly typeSource: 'declared' | 'coarse';
  readonly samples: SchemaSamples | undefined;
  readonly maxValueChars: number;
}

export function settingsOf(options: SerializeOptions): Settings {
  const maxValueChars = options.maxValueChars ?? 60;
  if (!Number.isInteger(maxValueChars) || maxValueChars < 1) throw new RangeError(`maxValueChars must be a positive integer, not ${maxValueChars}`);
  return {
    quote: options.quote ?? 'auto',
    lowercase: options.lowercase ?? false,
    tableOrder: options.tableOrder ?? 'schema',
    typeSource: options.typeSource ?? 'declared',
    samples: options.samples,
    maxValueChars,
  };
}

/** A name as shown, before quoting. */
export function shownName(name: string, s: Settings): string {
  return s.lowercase ? name.toLowerCase() : name;
}

/** A name as written in the text. */
export function writtenName(name: string, s: Settings): string {
  return quoteIdentifier(shownName(name, s), s.quote);
}

/**
 * The type shown for a column: its declared type, else (unknown, or asked for) Spider's coarse type
 * in upper case (`TEXT`, `NUMBER`, …): upper case because SQLite reports TEXT as written in any case
 * as `TEXT`, so DDL made from coarse types re-reads the same.
 */
export function shownType(column: Column, s: Settings): string {
  return s.typeSource === 'coarse' || column.declaredType === null ? column.coarseType.toUpperCase() : column.declaredType;
}

export function orderedTables(schema: Schema, s: Settings): readonly Table[] {
  if (s.tableOrder === 'schema') return schema.tables;
  const key = (t: Table) => shownName(t.name, s);
  return [...schema.tables].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function sampleRows(table: Table, count: number, s: Settings): readonly (readonly SqlValue[])[] {
  if (count === 0) return [];
  const rows = s.samples?.rows.get(table.name);
  if (!rows) throw new Error(`no sample rows for table ${JSON.stringify(table.name)}: pass samples from readSchemaSamples()`);
  return rows.slice(0, count);
}

export function sampleValues(table: Table, column: Column, count: number, s: Settings): readonly SqlValue[] {
  if (count === 0) return [];
  const values = s.samples?.values.get(table.name);
  if (!values) throw new Error(`no sample values for table ${JSON.stringify(table.name)}: pass samples from readSchemaSamples()`);
  return (values.get(column.name) ?? []).slice(0, count);
}
