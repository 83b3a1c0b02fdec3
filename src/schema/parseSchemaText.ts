import Database from 'better-sqlite3';
import type { ColumnInfo, ForeignKeyInfo, SchemaInfo, TableInfo } from './SchemaInfo.ts';
import { representationTraits, toRepresentation, type Representation, type RepresentationName } from './Representation.ts';
import { introspect } from './_internals/introspect.ts';
import { Scanner } from './_internals/Scanner.ts';

/**
 * Reads back what a representation's text carries (the inverse of `serializeSchema`, up to what
 * the text shows: see `shownSchemaInfo`). `ddl` and `ddl+rows` are run in an in-memory SQLite database
 * and introspected, so parsing them also proves they execute. Text that does not follow the
 * representation's grammar throws a SyntaxError naming the line.
 *
 * Names written with `quote: 'none'` parse back only when they are plain identifiers.
 */
export function parseSchemaText(text: string, representation: Representation | RepresentationName): SchemaInfo {
  const rep = toRepresentation(representation);
  switch (rep.kind) {
    case 'minimal':
    case 'types':
    case 'keys':
    case 'types+keys':
      return parseCompact(text, representationTraits(rep));
    case 'ddl':
    case 'ddl+rows':
      return parseDdl(text, rep.kind === 'ddl+rows');
    case 'mschema':
      return parseMschema(text);
  }
}

function lines(text: string): Scanner[] {
  return text.split('\n').map((l, i) => new Scanner(l, i + 1));
}

function parseCompact(text: string, traits: { types: boolean; keys: boolean }): SchemaInfo {
  const tables: TableInfo[] = [];
  const all = text === '' ? [] : lines(text);
  let i = 0;
  for (; i < all.length; i++) {
    const sc = all[i] as Scanner;
    if (sc.text === 'Foreign keys:') break;
    const name = sc.identifier('(');
    sc.expect('(');
    const columns: ColumnInfo[] = [];
    const pk: string[] = [];
    while (!sc.tryConsume(')')) {
      if (columns.length > 0) sc.expect(', ');
      const column = sc.identifier(' ,)');
      let rest = sc.balanced(',)');
      if (traits.keys && (rest === ' PK' || rest.endsWith(' PK'))) {
        pk.push(column);
        rest = rest.slice(0, -3);
      }
      if (rest !== '' && !(traits.types && rest.startsWith(' '))) sc.fail(`unexpected ${JSON.stringify(rest)} after column`);
      columns.push({ name: column, type: traits.types ? rest.slice(1) : null, examples: null });
    }
    if (!sc.atEnd) sc.fail('expected end of line');
    tables.push({ name, columns, primaryKey: traits.keys ? pk : null, rows: null });
  }
  const foreignKeys = all.slice(i + 1).map(parseForeignKey);
  if (foreignKeys.length > 0 && !traits.keys) throw new SyntaxError('foreign keys in a representation without keys');
  return { dbId: null, tables, foreignKeys: traits.keys ? foreignKeys : null };
}

function parseForeignKey(sc: Scanner): ForeignKeyInfo {
  const fk = { table: '', columns: [] as string[], refTable: '', refColumns: [] as string[] };
  do {
    const table = sc.identifier('.');
    sc.expect('.');
    fk.columns.push(sc.identifier(' '));
    sc.expect(' = ');
    const refTable = sc.identifier('.');
    sc.expect('.');
    fk.refColumns.push(sc.identifier(' '));
    if (fk.columns.length > 1 && (table !== fk.table || refTable !== fk.refTable)) sc.fail('composite key spans tables');
    fk.table = table;
    fk.refTable = refTable;
  } while (sc.tryConsume(' AND '));
  if (!sc.atEnd) sc.fail('expected end of line');
  return fk;
}

function parseDdl(text: string, withRows: boolean): SchemaInfo {
  const db = new Database(':memory:');
  try {
    db.exec(text);
    const schema = introspect(db, 'memory', {
      internalTables: 'keep',
      onDanglingForeignKey: (fk) => {
        throw new SyntaxError(`foreign key of ${JSON.stringify(fk.table)} names a missing column of ${JSON.stringify(fk.refTable)}`);
      },
    });
    const rows = withRows ? parseRowComments(text) : null;
    if (rows) {
      for (const name of rows.keys()) {
        if (!schema.tables.some((t) => t.name === name)) throw new SyntaxError(`rows for unknown table ${JSON.stringify(name)}`);
      }
    }
    return {
      dbId: null,
      tables: schema.tables.map((t) => ({
        name: t.name,
        columns: t.columns.map((c) => ({ name: c.name, type: c.declaredType ?? '', examples: null })),
        primaryKey: t.primaryKey,
        rows: rows ? (rows.get(t.name) ?? null) : null,
      })),
      foreignKeys: schema.tables.flatMap((t) => t.foreignKeys.map((fk) => ({ table: t.name, columns: fk.columns, refTable: fk.refTable, refColumns: fk.refColumns }))),
    };
  } finally {
    db.close();
  }
}

/** `/* N example rows: / SELECT * FROM t LIMIT k; / header / rows *\/` blocks, by table. */
function parseRowComments(text: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    if (all[i]?.text !== '/*') continue;
    const count = /^(\d+) example rows:$/.exec(all[i + 1]?.text ?? '');
    if (!count) throw new SyntaxError(`line ${i + 2}: expected "N example rows:"`);
    const select = new Scanner((all[i + 2]?.text ?? '').replaceAll('*\\/', '*/'), i + 3);
    select.expect('SELECT * FROM ');
    const table = select.identifier(' ');
    select.expect(' LIMIT ');
    const rows: string[][] = [];
    let j = i + 4; // past the header line
    for (; j < all.length && all[j]?.text !== '*/'; j++) rows.push((all[j]?.text ?? '').split('\t'));
    if (j >= all.length) throw new SyntaxError(`line ${i + 1}: unterminated rows comment`);
    if (rows.length !== Number(count[1])) throw new SyntaxError(`line ${i + 2}: says ${count[1]} rows, shows ${rows.length}`);
    if (out.has(table)) throw new SyntaxError(`line ${i + 3}: second rows comment for ${JSON.stringify(table)}`);
    out.set(table, rows);
    i = j;
  }
  return out;
}

function parseMschema(text: string): SchemaInfo {
  const all = lines(text);
  const head = all[0];
  if (!head?.text.startsWith('【DB_ID】 ')) throw new SyntaxError('line 1: expected 【DB_ID】');
  if (all[1]?.text !== '【Schema】') throw new SyntaxError('line 2: expected 【Schema】');
  const tables: TableInfo[] = [];
  let i = 2;
  while (i < all.length && all[i]?.text !== '【Foreign keys】') {
    const sc = all[i] as Scanner;
    sc.expect('# Table: ');
    const name = sc.identifier('');
    if (all[i + 1]?.text !== '[') throw new SyntaxError(`line ${i + 2}: expected [`);
    i += 2;
    const columns: ColumnInfo[] = [];
    const pk: string[] = [];
    for (; i < all.length && all[i]?.text !== ']'; i++) {
      const c = all[i] as Scanner;
      c.expect('(');
      const column = c.identifier(':,)');
      const type = c.tryConsume(':') ? c.balanced(',)') : '';
      if (c.tryConsume(', Primary Key')) pk.push(column);
      const examples: string[] = [];
      if (c.tryConsume(', Examples: [')) {
        do examples.push(c.value());
        while (c.tryConsume(', '));
        c.expect(']');
      }
      c.expect(')');
      c.tryConsume(',');
      if (!c.atEnd) c.fail('expected end of column');
      columns.push({ name: column, type, examples });
    }
    if (i >= all.length) throw new SyntaxError(`table ${JSON.stringify(name)}: missing ]`);
    i++;
    tables.push({ name, columns, primaryKey: pk, rows: null });
  }
  return { dbId: head.text.slice('【DB_ID】 '.length), tables, foreignKeys: all.slice(i + 1).map(parseForeignKey) };
}
