import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Schema } from '../../src/schema/Schema.ts';
import { parseSchemaText } from '../../src/schema/parseSchemaText.ts';
import { representationTraits, type RepresentationName } from '../../src/schema/Representation.ts';
import { serializeSchema, type SerializeOptions } from '../../src/schema/serializeSchema.ts';
import { shownSchemaInfo } from '../../src/schema/shownSchemaInfo.ts';
import { validateSchema } from '../../src/schema/validateSchema.ts';
import { isSqlKeyword } from '../../src/core/sqlKeywords.ts';
import { arbitrarySamples, arbitrarySchema } from './support/arbitrarySchema.ts';
import { fcParams } from '../support/fastCheck.ts';

const representations: RepresentationName[] = ['minimal', 'types', 'keys', 'types+keys', 'ddl', 'ddl+rows(2)', 'mschema(2)'];
const arbitraryRepresentation = fc.constantFrom(...representations);
const arbitraryOptions: fc.Arbitrary<Omit<SerializeOptions, 'samples'>> = fc.record({
  quote: fc.constantFrom('auto' as const, 'always' as const),
  lowercase: fc.boolean(),
  tableOrder: fc.constantFrom('schema' as const, 'name' as const),
  typeSource: fc.constantFrom('declared' as const, 'coarse' as const),
  maxValueChars: fc.integer({ min: 1, max: 40 }),
});
/** A schema with samples for it: every representation can be drawn. */
const schemaWithSamples = arbitrarySchema().chain((schema) => arbitrarySamples(schema).map((samples) => ({ schema, samples })));

function withoutKeys(schema: Schema): Schema {
  return { ...schema, tables: schema.tables.map((t) => ({ ...t, primaryKey: [], foreignKeys: [] })) };
}

function retyped(schema: Schema): Schema {
  return {
    ...schema,
    tables: schema.tables.map((t) => ({
      ...t,
      columns: t.columns.map((c) => ({ ...c, declaredType: 'ZZZ', coarseType: c.coarseType === 'others' ? ('text' as const) : ('others' as const) })),
    })),
  };
}

describe('serializeSchema over arbitrary schemas (names with spaces, quotes, unicode, keywords; composite and self-referencing keys)', () => {
  test.prop([arbitrarySchema()], fcParams(100))('the generator makes valid schemas', (schema) => {
    expect(validateSchema(schema)).toEqual([]);
  });

  test.prop([schemaWithSamples, arbitraryRepresentation, arbitraryOptions], fcParams(150))(
    'parsing the text gives back exactly the information the representation carries',
    ({ schema, samples }, rep, options) => {
      const text = serializeSchema(schema, rep, { ...options, samples });
      expect(parseSchemaText(text, rep)).toEqual(shownSchemaInfo(schema, rep, { ...options, samples }));
    },
  );

  test.prop([schemaWithSamples, arbitraryRepresentation, arbitraryOptions], fcParams(150))(
    'every table appears exactly once, and every column exactly once in its table',
    ({ schema, samples }, rep, options) => {
      const info = parseSchemaText(serializeSchema(schema, rep, { ...options, samples }), rep);
      const shown = (n: string) => (options.lowercase ? n.toLowerCase() : n);
      expect(info.tables.map((t) => t.name).sort()).toEqual(schema.tables.map((t) => shown(t.name)).sort());
      for (const table of schema.tables) {
        const parsed = info.tables.filter((t) => t.name === shown(table.name));
        expect(parsed).toHaveLength(1);
        expect(parsed[0]!.columns.map((c) => c.name)).toEqual(table.columns.map((c) => shown(c.name)));
      }
    },
  );

  test.prop([schemaWithSamples, arbitraryRepresentation, arbitraryOptions], fcParams(150))(
    'key information appears exactly when the representation promises it, and so do types',
    ({ schema, samples }, rep, options) => {
      const traits = representationTraits(typeof rep === 'string' ? (rep.startsWith('ddl+') ? { kind: 'ddl+rows', rows: 2 } : rep.startsWith('mschema') ? { kind: 'mschema', values: 2 } : { kind: rep as 'keys' }) : rep);
      const text = serializeSchema(schema, rep, { ...options, samples });
      const hasKeys = schema.tables.some((t) => t.primaryKey.length > 0 || t.foreignKeys.length > 0);
      const keyless = serializeSchema(withoutKeys(schema), rep, { ...options, samples });
      expect(text !== keyless).toBe(traits.keys && hasKeys);
      const typeless = serializeSchema(retyped(schema), rep, { ...options, samples });
      expect(text !== typeless).toBe(traits.types);
    },
  );

  test.prop([schemaWithSamples, arbitraryRepresentation, arbitraryOptions], fcParams(100))(
    'the same input gives byte-identical output (also from a deep copy)',
    ({ schema, samples }, rep, options) => {
      const a = serializeSchema(schema, rep, { ...options, samples });
      expect(serializeSchema(schema, rep, { ...options, samples })).toBe(a);
      expect(serializeSchema(structuredClone(schema), rep, { ...structuredClone(options), samples: structuredClone(samples) })).toBe(a);
    },
  );

  test.prop([arbitrarySchema({ plainNames: true }).chain((schema) => arbitrarySamples(schema).map((samples) => ({ schema, samples }))), arbitraryRepresentation], fcParams(60))(
    "plain names round-trip without quotes (quote: 'none')",
    ({ schema, samples }, rep) => {
      // Keywords are plain too, and SQLite refuses unquoted keywords: keep to the text formats there.
      if (rep.startsWith('ddl') && schema.tables.some((t) => [t.name, ...t.columns.map((c) => c.name)].some(isSqlKeyword))) return;
      const text = serializeSchema(schema, rep, { quote: 'none', samples });
      expect(text).not.toContain('"' + (schema.tables[0]?.name ?? '') + '"');
      expect(parseSchemaText(text, rep)).toEqual(shownSchemaInfo(schema, rep, { quote: 'none', samples }));
    },
  );
});
