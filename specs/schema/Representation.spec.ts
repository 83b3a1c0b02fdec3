import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/data/InputError.ts';
import { parseRepresentation, representationId, representationName, representationTraits } from '../../src/schema/Representation.ts';

describe('representation names', () => {
  it('parses every documented name, with and without counts', () => {
    expect(parseRepresentation('minimal')).toEqual({ kind: 'minimal' });
    expect(parseRepresentation('types+keys')).toEqual({ kind: 'types+keys' });
    expect(parseRepresentation('ddl+rows(5)')).toEqual({ kind: 'ddl+rows', rows: 5 });
    expect(parseRepresentation('ddl+rows')).toEqual({ kind: 'ddl+rows', rows: 3 });
    expect(parseRepresentation('mschema')).toEqual({ kind: 'mschema', values: 3 });
    expect(parseRepresentation('mschema(0)')).toEqual({ kind: 'mschema', values: 0 });
  });

  it('names and versions canonically, round-tripping', () => {
    for (const name of ['minimal', 'types', 'keys', 'types+keys', 'ddl', 'ddl+rows(2)', 'mschema(4)']) {
      expect(representationName(parseRepresentation(name))).toBe(name);
      expect(representationId(parseRepresentation(name))).toBe(`${name}@1`);
    }
    expect(representationId('ddl+rows')).toBe('ddl+rows(3)@1');
  });

  it('refuses unknown names and bad counts as input errors', () => {
    for (const bad of ['', 'DDL', 'keys(3)', 'ddl+rows(0)', 'ddl+rows(101)', 'mschema(-1)', 'schema']) {
      expect(() => parseRepresentation(bad), bad).toThrow(InputError);
    }
  });

  it('says what each representation carries', () => {
    expect(representationTraits({ kind: 'minimal' })).toEqual({ types: false, keys: false, rows: 0, values: 0 });
    expect(representationTraits({ kind: 'keys' })).toEqual({ types: false, keys: true, rows: 0, values: 0 });
    expect(representationTraits({ kind: 'ddl+rows', rows: 2 })).toEqual({ types: true, keys: true, rows: 2, values: 0 });
    expect(representationTraits({ kind: 'mschema', values: 1 })).toEqual({ types: true, keys: true, rows: 0, values: 1 });
  });
});
