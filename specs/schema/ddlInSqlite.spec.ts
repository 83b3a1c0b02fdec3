import Database from 'better-sqlite3';
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Schema } from '../../src/schema/Schema.ts';
import type { SqlValue } from '../../src/schema/SchemaSamples.ts';
import { parseSchemaText } from '../../src/schema/parseSchemaText.ts';
import { readSchemaSamples } from '../../src/schema/readSchemaSamples.ts';
import { renderValue } from '../../src/schema/renderValue.ts';
import { schemaFromSqlite } from '../../src/schema/schemaFromSqlite.ts';
import { serializeSchema } from '../../src/schema/serializeSchema.ts';
import { arbitrarySchema, arbitraryText, arbitraryValue } from './support/arbitrarySchema.ts';
import { fcParams } from '../support/fastCheck.ts';

const quote = fc.constantFrom('auto' as const, 'always' as const);
const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

function lowerCased(schema: Schema): Schema {
  const l = (s: string) => s.toLowerCase();
  return {
    ...schema,
    tables: schema.tables.map((t) => ({
      ...t,
      name: l(t.name),
      normalizedName: l(t.name).replaceAll('_', ' '),
      columns: t.columns.map((c) => ({ ...c, name: l(c.name), normalizedName: l(c.name).replaceAll('_', ' ') })),
      primaryKey: t.primaryKey.map(l),
      foreignKeys: t.foreignKeys.map((fk) => ({ columns: fk.columns.map(l), refTable: l(fk.refTable), refColumns: fk.refColumns.map(l) })),
    })),
  };
}

describe('ddl in a real SQLite database', () => {
  test.prop([arbitrarySchema({ declaredOnly: true }), quote, fc.boolean()], fcParams(80))(
    'ddl executes and re-introspects to the same schema',
    (schema, quoteStyle, lowercase) => {
      const db = new Database(':memory:');
      try {
        db.exec(serializeSchema(schema, 'ddl', { quote: quoteStyle, lowercase }));
        expect(schemaFromSqlite(db, { dbId: schema.dbId })).toEqual(lowercase ? lowerCased(schema) : schema);
      } finally {
        db.close();
      }
    },
  );

  // Each table's rows carry a mark of their table (⟦i⟧) in every text value, so a row shown
  // under the wrong table would give itself away.
  // Keys are left out: arbitrary rows would break INTEGER PRIMARY KEY and uniqueness.
  const keyless = arbitrarySchema({ declaredOnly: true }).map((s) => ({ ...s, tables: s.tables.map((t) => ({ ...t, primaryKey: [], foreignKeys: [] })) }));
  const schemaWithRows = keyless.chain((schema) =>
    fc
      .tuple(
        ...schema.tables.map((t, i) =>
          fc.array(
            fc.array(
              fc.oneof(arbitraryValue.filter((v) => typeof v !== 'string'), arbitraryText.map((s) => `⟦${i}⟧${s}`)),
              { minLength: t.columns.length, maxLength: t.columns.length },
            ),
            { maxLength: 5 },
          ),
        ),
      )
      .map((rows) => ({ schema, rows })),
  );

  test.prop([schemaWithRows, fc.integer({ min: 1, max: 4 }), quote], fcParams(60))(
    'ddl+rows(k) shows each table its own first k rows and never rows of another table',
    ({ schema, rows }, k, quoteStyle) => {
      const db = new Database(':memory:');
      try {
        db.exec(serializeSchema(schema, 'ddl', { quote: 'always' }));
        schema.tables.forEach((t, i) => {
          const insert = db.prepare(`INSERT INTO ${q(t.name)} VALUES (${t.columns.map(() => '?').join(', ')})`);
          for (const row of rows[i] ?? []) insert.run(...row.map((v) => (v instanceof Uint8Array ? Buffer.from(v) : v)));
        });
        const samples = readSchemaSamples(db, schema, { rows: k, values: 0 });
        const text = serializeSchema(schema, `ddl+rows(${k})`, { quote: quoteStyle, samples, maxValueChars: 1000 });
        const info = parseSchemaText(text, `ddl+rows(${k})`);

        schema.tables.forEach((t, i) => {
          const shown = info.tables.find((x) => x.name === t.name)?.rows;
          const stored = db.prepare(`SELECT * FROM ${q(t.name)} LIMIT ?`).raw(true).safeIntegers(true).all(k) as SqlValue[][];
          expect(shown).toEqual(stored.map((r) => r.map((v) => renderValue(v, 1000))));
          expect(shown).toHaveLength(Math.min(k, rows[i]?.length ?? 0));
        });

        // The text of each table, from its CREATE TABLE to the next, holds no other table's mark.
        const blocks = text.split(/\n\n(?=CREATE TABLE )/);
        expect(blocks).toHaveLength(schema.tables.length);
        blocks.forEach((block, i) => {
          for (const j of schema.tables.keys()) if (j !== i) expect(block).not.toContain(`⟦${j}⟧`);
        });
      } finally {
        db.close();
      }
    },
  );
});
