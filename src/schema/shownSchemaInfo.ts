import type { Schema } from './Schema.ts';
import type { SchemaInfo } from './SchemaInfo.ts';
import { renderValue } from './renderValue.ts';
import { representationTraits, toRepresentation, type Representation, type RepresentationName } from './Representation.ts';
import type { SerializeOptions } from './serializeSchema.ts';
import { identifierKey } from './_internals/names.ts';
import { orderedTables, sampleRows, sampleValues, settingsOf, shownName, shownType } from './_internals/settings.ts';

/**
 * What `serializeSchema(schema, representation, options)` shows, computed from the model rather
 * than from the text: the expected result of parsing that text back.
 */
export function shownSchemaInfo(schema: Schema, representation: Representation | RepresentationName, options: SerializeOptions = {}): SchemaInfo {
  const rep = toRepresentation(representation);
  const traits = representationTraits(rep);
  const s = settingsOf(options);
  const name = (n: string) => shownName(n, s);
  const ddl = rep.kind === 'ddl' || rep.kind === 'ddl+rows';
  const tables = orderedTables(schema, s);
  return {
    dbId: rep.kind === 'mschema' ? schema.dbId : null,
    tables: tables.map((table) => {
      const pk = new Set(table.primaryKey.map(identifierKey));
      return {
        name: name(table.name),
        columns: table.columns.map((c) => ({
          name: name(c.name),
          type: traits.types ? shownType(c, s) : null,
          examples: rep.kind === 'mschema' ? sampleValues(table, c, rep.values, s).map((v) => renderValue(v, s.maxValueChars)) : null,
        })),
        primaryKey: !traits.keys
          ? null
          : ddl
            ? table.primaryKey.map(name)
            : table.columns.filter((c) => pk.has(identifierKey(c.name))).map((c) => name(c.name)),
        rows: rep.kind === 'ddl+rows' ? sampleRows(table, rep.rows, s).map((row) => row.map((v) => renderValue(v, s.maxValueChars))) : null,
      };
    }),
    foreignKeys: traits.keys
      ? tables.flatMap((t) =>
          t.foreignKeys.map((fk) => ({ table: name(t.name), columns: fk.columns.map(name), refTable: name(fk.refTable), refColumns: fk.refColumns.map(name) })),
        )
      : null,
  };
}
