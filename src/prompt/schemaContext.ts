import type { Schema } from '../schema/Schema.ts';
import type { SchemaSamples } from '../schema/SchemaSamples.ts';
import { representationName, type Representation } from '../schema/Representation.ts';
import { serializeSchema, type SerializeOptions } from '../schema/serializeSchema.ts';

/**
 * A question's database as prompts need it: the schema, its samples (for `ddl+rows`, `mschema`),
 * and a memo of its serializations, so building prompts for every question of a database
 * serializes its schema once per representation.
 */
export interface SchemaContext {
  readonly schema: Schema;
  readonly samples: SchemaSamples | undefined;
  text(representation: Representation, options: Omit<SerializeOptions, 'samples'>): string;
}

export function schemaContext(schema: Schema, options: { samples?: SchemaSamples } = {}): SchemaContext {
  const memo = new Map<string, string>();
  const samples = options.samples;
  return {
    schema,
    samples,
    text(representation, serializeOptions) {
      const key = `${representationName(representation)}\0${JSON.stringify(serializeOptions, Object.keys(serializeOptions).sort())}`;
      let text = memo.get(key);
      if (text === undefined) {
        text = serializeSchema(schema, representation, { ...serializeOptions, ...(samples ? { samples } : {}) });
        memo.set(key, text);
      }
      return text;
    },
  };
}

export function isSchemaContext(value: Schema | SchemaContext): value is SchemaContext {
  return typeof (value as SchemaContext).text === 'function';
}
