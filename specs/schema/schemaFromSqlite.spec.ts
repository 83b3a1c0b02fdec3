import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/data/InputError.ts';
import { schemaFromSqlite, type DanglingForeignKey } from '../../src/schema/schemaFromSqlite.ts';

function introspect(ddl: string) {
  const db = new Database(':memory:');
  try {
    db.exec(ddl);
    const dangling: DanglingForeignKey[] = [];
    return { schema: schemaFromSqlite(db, { dbId: 'test', onDanglingForeignKey: (fk) => dangling.push(fk) }), dangling };
  } finally {
    db.close();
  }
}

describe('schemaFromSqlite on hand-made databases', () => {
  it('keeps composite primary keys in key order and foreign keys in declaration order', () => {
    const { schema } = introspect(`
      CREATE TABLE p (a INT, b varchar(3), PRIMARY KEY (b, a));
      CREATE TABLE c (x INT, y TEXT, z, FOREIGN KEY (z) REFERENCES c (x), FOREIGN KEY (y, x) REFERENCES p (b, a));`);
    expect(schema.tables.map((t) => t.name)).toEqual(['p', 'c']);
    expect(schema.tables[0]).toMatchObject({ primaryKey: ['b', 'a'], columns: [{ name: 'a', declaredType: 'INT', coarseType: 'number' }, { name: 'b', declaredType: 'varchar(3)', coarseType: 'text' }] });
    // SQLite lists these two the other way round (id 0 is the last declared).
    expect(schema.tables[1]!.foreignKeys).toEqual([
      { columns: ['z'], refTable: 'c', refColumns: ['x'] },
      { columns: ['y', 'x'], refTable: 'p', refColumns: ['b', 'a'] },
    ]);
    expect(schema.tables[1]!.columns[2]).toMatchObject({ name: 'z', declaredType: '', coarseType: 'text' });
  });

  it("resolves `REFERENCES t` to t's primary key and names to their tables' spelling", () => {
    const { schema, dangling } = introspect(`
      CREATE TABLE Parent (Id INTEGER PRIMARY KEY, Code TEXT);
      CREATE TABLE child (pid INT REFERENCES parent, code TEXT REFERENCES PARENT (code));`);
    expect(dangling).toEqual([]);
    expect(schema.tables[1]!.foreignKeys).toEqual([
      { columns: ['pid'], refTable: 'Parent', refColumns: ['Id'] },
      { columns: ['code'], refTable: 'Parent', refColumns: ['Code'] },
    ]);
  });

  it('reports and leaves out foreign keys to missing tables or columns', () => {
    const { schema, dangling } = introspect(`
      CREATE TABLE a (x INT, y INT, FOREIGN KEY (x) REFERENCES nowhere (id), FOREIGN KEY (y) REFERENCES a (missing));`);
    expect(schema.tables[0]!.foreignKeys).toEqual([]);
    expect(dangling).toEqual([
      { table: 'a', columns: ['x'], refTable: 'nowhere', refColumns: ['id'] },
      { table: 'a', columns: ['y'], refTable: 'a', refColumns: ['missing'] },
    ]);
  });

  it('omits sqlite_* tables unless asked to keep them', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT); INSERT INTO t DEFAULT VALUES;');
    expect(schemaFromSqlite(db).tables.map((t) => t.name)).toEqual(['t']);
    expect(schemaFromSqlite(db, { internalTables: 'keep' }).tables.map((t) => t.name)).toEqual(['t', 'sqlite_sequence']);
    db.close();
  });

  it('a missing file is an input error naming it', () => {
    expect(() => schemaFromSqlite('/nonexistent/x.sqlite')).toThrow(InputError);
  });
});
