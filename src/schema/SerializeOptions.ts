import type { SchemaSamples } from './SchemaSamples.ts';
import type { QuoteStyle } from './_internals/identifiers.ts';

/** How `serializeSchema` writes a schema; every field has a default. */
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
