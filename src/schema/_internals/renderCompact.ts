import type { Schema } from '../Schema.ts';
import { identifierKey } from './names.ts';
import { orderedTables, shownType, writtenName, type Settings } from './settings.ts';
import { renderForeignKey } from './renderForeignKey.ts';

/**
 * `minimal`, `types`, `keys`, `types+keys`: one `table(col, col)` line per table; `types` adds
 * each column's type after it, `keys` marks primary-key columns ` PK` and lists foreign keys as
 * join conditions under `Foreign keys:` (composite keys joined with AND).
 */
export function renderCompact(schema: Schema, traits: { types: boolean; keys: boolean }, s: Settings): string {
  const tables = orderedTables(schema, s);
  const lines = tables.map((table) => {
    const pk = new Set(table.primaryKey.map(identifierKey));
    const columns = table.columns.map((c) => {
      let text = writtenName(c.name, s);
      const type = traits.types ? shownType(c, s) : '';
      if (type) text += ` ${type}`;
      if (traits.keys && pk.has(identifierKey(c.name))) text += ' PK';
      return text;
    });
    return `${writtenName(table.name, s)}(${columns.join(', ')})`;
  });
  if (traits.keys) {
    const fks = tables.flatMap((t) => t.foreignKeys.map((fk) => renderForeignKey(t, fk, s)));
    if (fks.length > 0) lines.push('Foreign keys:', ...fks);
  }
  return lines.join('\n');
}
