/** fast-check arbitraries for schemas with hostile names, composite and self-referencing keys, and samples. */
import { fc } from '@fast-check/vitest';
import type { CoarseType, Column, ForeignKey, Schema, Table } from '../../../src/schema/Schema.ts';
import type { SchemaSamples, SqlValue } from '../../../src/schema/SchemaSamples.ts';
import { spiderCoarseType } from '../../../src/schema/spiderCoarseType.ts';
import { spiderNormalizedName } from '../../../src/schema/spiderNormalizedName.ts';

const plainName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/);
const keywordName = fc.constantFrom('select', 'Order', 'GROUP', 'table', 'from', 'where', 'Key', 'primary', 'index', 'AND', 'as', 'PK', 'values', 'NULL');
// Everything an identifier may hold except control characters (which no line-based text could show).
const oddPiece = fc.constantFrom(
  ' ', '"', "'", '.', ',', '(', ')', '[', ']', '`', '-', '*', '/', '*/', '/*', ':', '=', ';', '%', '#', '--', ' PK', ' AND ',
  'é', 'ß', 'Ω', '中文', '😀', 'İ', '【', '】', '\u00a0', '…', 'a', 'B', '1', '_',
);
const oddName = fc.array(oddPiece, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));

/** A name SQLite accepts as an identifier: plain, a keyword, or full of quotes, spaces, unicode. */
export const arbitraryName = fc.oneof({ weight: 3, arbitrary: plainName }, { weight: 1, arbitrary: keywordName }, { weight: 3, arbitrary: oddName });

const declaredTypes = ['', 'INT', 'INTEGER', 'TEXT', 'REAL', 'varchar(20)', 'decimal(10,2)', 'NUMERIC', 'BLOB', 'bool', 'datetime', 'UNSIGNED BIG INT', 'CHARACTER VARCHAR', 'number', 'double precision'];
const coarseTypes: CoarseType[] = ['text', 'number', 'time', 'boolean', 'others'];

export interface ArbitrarySchemaOptions {
  /** Only declared types (as from SQLite); otherwise some columns have none (as from tables.json). */
  declaredOnly?: boolean;
  /** Only plain identifiers (for `quote: 'none'`). */
  plainNames?: boolean;
}

/** Names must differ after full lower-casing, which also keeps them apart under SQLite's ASCII rule. */
const nameKey = (n: string) => n.toLowerCase();

export function arbitrarySchema(options: ArbitrarySchemaOptions = {}): fc.Arbitrary<Schema> {
  const name = options.plainNames ? plainName : arbitraryName;
  const type = options.declaredOnly
    ? fc.constantFrom(...declaredTypes).map((d) => ({ declared: d as string | null, coarse: spiderCoarseType(d) }))
    : fc.oneof(
        fc.constantFrom(...declaredTypes).map((d) => ({ declared: d as string | null, coarse: spiderCoarseType(d) })),
        fc.constantFrom(...coarseTypes).map((c) => ({ declared: null as string | null, coarse: c })),
      );
  const column = fc.record({ name, type });
  const fk = fc.record({ ref: fc.nat(), arity: fc.integer({ min: 1, max: 3 }), from: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), to: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }) });
  const table = fc.record({
    name: name.filter((n) => !/^sqlite_/i.test(n)),
    columns: fc.uniqueArray(column, { minLength: 1, maxLength: 5, selector: (c) => nameKey(c.name) }),
    pk: fc.array(fc.nat(), { maxLength: 3 }),
    fks: fc.array(fk, { maxLength: 3 }),
  });
  return fc
    .record({
      dbId: fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/),
      tables: fc.uniqueArray(table, { minLength: 1, maxLength: 4, selector: (t) => nameKey(t.name) }),
    })
    .map(({ dbId, tables }): Schema => {
      const built: Table[] = tables.map((t) => {
        const columns: Column[] = t.columns.map((c) => ({
          name: c.name,
          normalizedName: spiderNormalizedName(c.name),
          declaredType: c.type.declared,
          coarseType: c.type.coarse,
        }));
        // Key order may differ from column order (composite keys).
        const primaryKey = [...new Set(t.pk.map((p) => p % columns.length))].map((i) => columns[i]!.name);
        return { name: t.name, normalizedName: spiderNormalizedName(t.name), columns, primaryKey, foreignKeys: [] };
      });
      return {
        dbId,
        tables: built.map((t, ti) => ({
          ...t,
          foreignKeys: tables[ti]!.fks.map((f): ForeignKey => {
            const ref = built[f.ref % built.length]!; // may be the table itself
            const from = distinct(f.from.map((i) => i % t.columns.length));
            const to = distinct(f.to.map((i) => i % ref.columns.length));
            const arity = Math.min(f.arity, from.length, to.length);
            return {
              columns: from.slice(0, arity).map((i) => t.columns[i]!.name),
              refTable: ref.name,
              refColumns: to.slice(0, arity).map((i) => ref.columns[i]!.name),
            };
          }),
        })),
      };
    });
}

function distinct(xs: number[]): number[] {
  return [...new Set(xs)];
}

/** Text that tests the value renderer: separators, quotes, comment ends, control characters, long runs. */
export const arbitraryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\\', '*', '/', '\t', '\n', '[', ']', '…', 'é', ')'), maxLength: 12 }),
  fc.constantFrom('', ' ', 'NULL', 'null', '12', '-3.5', '1e5', 'Infinity', "X'00'", '*/', 'a, b', '[x]', 'a ', ' a', 'Raith Rovers'),
);

export const arbitraryValue: fc.Arbitrary<SqlValue> = fc.oneof(
  fc.constant(null),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  arbitraryText,
  fc.uint8Array({ maxLength: 40 }),
);

/** Samples shaped like `readSchemaSamples`' output for the schema, with arbitrary values. */
export function arbitrarySamples(schema: Schema): fc.Arbitrary<SchemaSamples> {
  const perTable = schema.tables.map((t) =>
    fc.record({
      rows: fc.array(fc.array(arbitraryValue, { minLength: t.columns.length, maxLength: t.columns.length }), { maxLength: 4 }),
      values: fc.tuple(...t.columns.map(() => fc.array(arbitraryValue.filter((v) => v !== null), { maxLength: 4 }))),
    }),
  );
  return fc.tuple(...perTable).map((samples) => ({
    rows: new Map(schema.tables.map((t, i) => [t.name, samples[i]!.rows])),
    values: new Map(schema.tables.map((t, i) => [t.name, new Map(t.columns.map((c, j) => [c.name, samples[i]!.values[j] ?? []]))])),
  }));
}
