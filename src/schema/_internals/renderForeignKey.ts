import type { ForeignKey, Table } from '../Schema.ts';
import { writtenName, type Settings } from './settings.ts';

/** `a.x = b.y`, and `a.x = b.y AND a.z = b.w` for a composite key: the join the key allows. */
export function renderForeignKey(table: Table, fk: ForeignKey, s: Settings): string {
  return fk.columns
    .map((c, i) => `${writtenName(table.name, s)}.${writtenName(c, s)} = ${writtenName(fk.refTable, s)}.${writtenName(fk.refColumns[i] ?? '', s)}`)
    .join(' AND ');
}
