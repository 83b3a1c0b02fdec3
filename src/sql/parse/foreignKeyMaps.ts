import type { SpiderTablesEntry } from './SpiderTables.ts';

/** Column id → the id of its foreign-key group's representative (`kmaps[db]` officially). */
export type Kmap = ReadonlyMap<string, string>;

/**
 * The official `build_foreign_key_map`: foreign-key pairs are gathered into groups, and every
 * column of a group maps to the group's lowest-numbered column, so `T2.singer_id` and
 * `T1.singer_id` compare equal. The grouping is not a true union-find: a pair whose ends sit
 * in two different groups joins the first of them only, and a later group overwrites an
 * earlier mapping. We keep that, because exact match depends on it.
 */
export function foreignKeyMap(entry: SpiderTablesEntry): Kmap {
  const cols = entry.column_names_original.map(([t, c]) =>
    t >= 0 ? `__${(entry.table_names_original[t] ?? '').toLowerCase()}.${c.toLowerCase()}__` : '__all__',
  );
  const groups: Array<Set<number>> = [];
  for (const [k1, k2] of entry.foreign_keys) {
    let group = groups.find((g) => g.has(k1) || g.has(k2));
    if (!group) {
      group = new Set();
      groups.push(group);
    }
    group.add(k1).add(k2);
  }
  const map = new Map<string, string>();
  for (const group of groups) {
    const sorted = [...group].sort((a, b) => a - b);
    const rep = cols[sorted[0]!];
    for (const i of sorted) {
      const from = cols[i];
      if (from !== undefined && rep !== undefined) map.set(from, rep);
    }
  }
  return map;
}

/** `build_foreign_key_map_from_json`: one map per database of a parsed `tables.json`. */
export function foreignKeyMaps(tablesJson: readonly SpiderTablesEntry[]): Map<string, Kmap> {
  return new Map(tablesJson.map((e) => [e.db_id, foreignKeyMap(e)]));
}
