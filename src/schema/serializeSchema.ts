import type { Schema } from './Schema.ts';
import { representationTraits, toRepresentation, type Representation, type RepresentationName } from './Representation.ts';
import { renderCompact } from './_internals/renderCompact.ts';
import { renderDdl } from './_internals/renderDdl.ts';
import { renderMschema } from './_internals/renderMschema.ts';
import { settingsOf } from './_internals/settings.ts';
import type { SerializeOptions } from './SerializeOptions.ts';

export type { QuoteStyle } from './_internals/identifiers.ts';
export type { SerializeOptions } from './SerializeOptions.ts';

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
