import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/data/InputError.ts';
import { readTablesJson } from '../../src/schema/readTablesJson.ts';
import { schemaFromTablesJson } from '../../src/schema/schemaFromTablesJson.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../../fixtures/schema/tables-json', name);

describe('readTablesJson and schemaFromTablesJson on malformed files', () => {
  it('an unreadable file is an input error naming it', () => {
    for (const name of ['truncated.json', 'missing-fields.json', 'absent.json']) {
      const err = (() => {
        try {
          readTablesJson(fixture(name));
        } catch (e) {
          return e;
        }
      })();
      expect(err, name).toBeInstanceOf(InputError);
      expect((err as InputError).describe()).toContain(name);
    }
  });

  it('a foreign key to a column that does not exist is an input error', () => {
    const [entry] = readTablesJson(fixture('bad-foreign-key.json'));
    expect(() => schemaFromTablesJson(entry!)).toThrow(/column index 7/);
  });

  it("two columns differing only in case are refused, as SQLite would", () => {
    const [entry] = readTablesJson(fixture('duplicate-column.json'));
    expect(() => schemaFromTablesJson(entry!)).toThrow(/duplicate column/);
  });
});
