import type { Column, Schema, Table } from '../Schema.ts';

/** SQLite's identifier comparison: case-insensitive for ASCII letters only. */
export function identifierKey(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function sameIdentifier(a: string, b: string): boolean {
  return identifierKey(a) === identifierKey(b);
}

export function findTable(schema: Schema, name: string): Table | undefined {
  const key = identifierKey(name);
  return schema.tables.find((t) => identifierKey(t.name) === key);
}

export function findColumn(table: Table, name: string): Column | undefined {
  const key = identifierKey(name);
  return table.columns.find((c) => identifierKey(c.name) === key);
}
