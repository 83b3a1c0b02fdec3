import type { Schema } from '../Schema.ts';
import { identifierKey } from './names.ts';
import { renderValue } from '../renderValue.ts';
import { renderForeignKey } from './renderForeignKey.ts';
import { orderedTables, sampleValues, shownType, writtenName, type Settings } from './settings.ts';

/**
 * M-Schema-like (XiYan-SQL): the database name, then per table a bracketed list of column tuples
 * `(name:TYPE, Primary Key, Examples: [v, v])`, then the foreign keys as join conditions.
 */
export function renderMschema(schema: Schema, values: number, s: Settings): string {
  const tables = orderedTables(schema, s);
  const lines = [`【DB_ID】 ${schema.dbId}`, '【Schema】'];
  for (const table of tables) {
    lines.push(`# Table: ${writtenName(table.name, s)}`, '[');
    const pk = new Set(table.primaryKey.map(identifierKey));
    table.columns.forEach((c, i) => {
      const type = shownType(c, s);
      let tuple = writtenName(c.name, s) + (type ? `:${type}` : '');
      if (pk.has(identifierKey(c.name))) tuple += ', Primary Key';
      const examples = sampleValues(table, c, values, s);
      if (examples.length > 0) tuple += `, Examples: [${examples.map((v) => renderValue(v, s.maxValueChars)).join(', ')}]`;
      lines.push(`(${tuple})${i < table.columns.length - 1 ? ',' : ''}`);
    });
    lines.push(']');
  }
  const fks = tables.flatMap((t) => t.foreignKeys.map((fk) => renderForeignKey(t, fk, s)));
  if (fks.length > 0) lines.push('【Foreign keys】', ...fks);
  return lines.join('\n');
}
