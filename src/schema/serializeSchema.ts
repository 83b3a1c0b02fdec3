import type { Schema } from './Schema.ts';
import type { SchemaSamples } from './SchemaSamples.ts';
import { representationTraits, toRepresentation, type Representation, type RepresentationName } from './Representation.ts';
import type { QuoteStyle } from './_internals/identifiers.ts';
import { renderCompact } from './_internals/renderCompact.ts';
import { renderDdl } from './_internals/renderDdl.ts';
import { renderMschema } from './_internals/renderMschema.ts';
import { settingsOf } from './_internals/settings.ts';

export type { QuoteStyle } from './_internals/identifiers.ts';

export interface SerializeOptions {
  /** `auto` (default) quotes, SQL-style, names that are not plain identifiers or are keywords;
   *  `always` quotes every name; `none` never does (ambiguous for odd names). */
  quote?: QuoteStyle;
  /** Lower-case table and column names. Default false. */
  lowercase?: boolean;
  /** `schema` (default): database order; `name`: by shown name. Columns keep their order. */
  tableOrder?: 'schema' | 'name';
  /** `declared` (default): the SQLite type, or Spider's coarse type where it is unknown; `coarse`:
   *  always Spider's coarse type. Coarse types are shown in upper case (TEXT, NUMBER, TIME,
   *  BOOLEAN, OTHERS). */
  typeSource?: 'declared' | 'coarse';
  /** Rows and values for `ddl+rows(k)` and `mschema(k)`; required when k > 0. */
  samples?: SchemaSamples;
  /** Longer text values are cut to this many characters and end with `…`. Default 60. */
  maxValueChars?: number;
}

/**
 * The schema as text in the named representation. Pure and deterministic: the same schema,
 * representation and options give byte-identical text.
 */
export function serializeSchema(schema: Schema, representation: Representation | RepresentationName, options: SerializeOptions = {}): string {
  const rep = toRepresentation(representation);
  const s = settingsOf(options);
  switch (rep.kind) {
    case 'minimal':
    case 'types':
    case 'keys':
    case 'types+keys':
      return renderCompact(schema, representationTraits(rep), s);
    case 'ddl':
      return renderDdl(schema, 0, s);
    case 'ddl+rows':
      return renderDdl(schema, rep.rows, s);
    case 'mschema':
      return renderMschema(schema, rep.values, s);
  }
}
