import fc from 'fast-check';
import type { CellValue, DatabaseShape, ForeignKeyShape, GeneratedDatabase, TableShape } from './DatabaseShape.ts';
import { cellKey } from './readDatabaseShape.ts';

export interface DatabaseArbitraryOptions {
  /** Rows per table, at most. Default 5. */
  maxRows?: number;
}

/** A row as drawn: one index per slot (a plain column picks from its domain, a foreign key picks a parent row). */
type RawRow = readonly number[];

interface Plan {
  readonly table: TableShape;
  /** Columns filled from their domain, by position in `table.columns`. */
  readonly plain: readonly number[];
  /** Foreign keys with a resolvable parent table, and the positions of their columns. */
  readonly fks: ReadonlyArray<{ readonly fk: ForeignKeyShape; readonly parent: number; readonly cols: readonly number[]; readonly refCols: readonly number[]; readonly nullable: boolean }>;
}

/**
 * Whole databases shaped like `shape`: every table gets 0..maxRows rows; a plain cell takes a
 * value of its column's domain (NULL only where the original column holds NULLs); a foreign key
 * takes the referenced values of an existing parent row (a child row with no parent to point at
 * is left out); rows that would repeat a unique key are left out. fast-check shrinks by removing
 * rows and moving cells toward each domain's first value; every shrunk database keeps the same
 * guarantees, because they are established after drawing.
 */
export function databaseArbitrary(shape: DatabaseShape, options: DatabaseArbitraryOptions = {}): fc.Arbitrary<GeneratedDatabase> {
  const maxRows = options.maxRows ?? 5;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive integer, got ${maxRows}`);
  const plans = shape.tables.map((table) => plan(shape, table));
  const rowArbs = plans.map((p) =>
    fc.array(
      fc.tuple(
        ...p.plain.map((ci) => {
          const col = p.table.columns[ci]!;
          return fc.nat({ max: col.domain.length - 1 + (col.nullable ? 1 : 0) });
        }),
        ...p.fks.map((f) => fc.nat({ max: maxRows - 1 + (f.nullable ? 1 : 0) })),
      ),
      { maxLength: maxRows },
    ),
  );
  return fc.tuple(...rowArbs).map((raw) => resolve(plans, raw as RawRow[][], maxRows));
}

function plan(shape: DatabaseShape, table: TableShape): Plan {
  const lower = (s: string) => s.toLowerCase();
  const colIndex = (t: TableShape, name: string) => t.columns.findIndex((c) => lower(c.name) === lower(name));
  const taken = new Set<number>();
  const fks: Plan['fks'][number][] = [];
  for (const fk of table.foreignKeys) {
    const parent = shape.tables.findIndex((t) => lower(t.name) === lower(fk.refTable));
    if (parent < 0) continue;
    const cols = fk.columns.map((c) => colIndex(table, c));
    const refCols = fk.refColumns.map((c) => colIndex(shape.tables[parent]!, c));
    if (cols.some((c) => c < 0 || taken.has(c)) || refCols.some((c) => c < 0)) continue;
    for (const c of cols) taken.add(c);
    fks.push({ fk, parent, cols, refCols, nullable: cols.every((c) => table.columns[c]!.nullable) });
  }
  const plain = table.columns.map((_, i) => i).filter((i) => !taken.has(i));
  return { table, plain, fks };
}

/** Parents before children; a table in a cycle goes when its turn comes (its back edges then read the column's own domain). */
function creationOrder(plans: readonly Plan[]): number[] {
  const order: number[] = [];
  const state = plans.map(() => 0); // 0 new, 1 visiting, 2 done
  const visit = (i: number) => {
    if (state[i] !== 0) return;
    state[i] = 1;
    for (const f of plans[i]!.fks) if (f.parent !== i) visit(f.parent);
    state[i] = 2;
    order.push(i);
  };
  plans.forEach((_, i) => visit(i));
  return order;
}

function resolve(plans: readonly Plan[], raw: readonly RawRow[][], maxRows: number): GeneratedDatabase {
  const resolved: (CellValue[][] | undefined)[] = plans.map(() => undefined);
  for (const ti of creationOrder(plans)) {
    const { table, plain, fks } = plans[ti]!;
    const rows: CellValue[][] = [];
    const seen = table.uniqueKeys.map(() => new Set<string>());
    const keyCols = table.uniqueKeys.map((k) => k.map((name) => table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase())));
    for (const r of raw[ti] ?? []) {
      const row: CellValue[] = new Array(table.columns.length).fill(null);
      plain.forEach((ci, slot) => {
        const col = table.columns[ci]!;
        const pick = r[slot]!;
        row[ci] = pick >= col.domain.length ? null : col.domain[pick]!;
      });
      let orphan = false;
      fks.forEach((f, k) => {
        const pick = r[plain.length + k]!;
        if (f.nullable && pick === maxRows) {
          for (const c of f.cols) row[c] = null;
          return;
        }
        if (f.parent === ti) {
          // Self reference: an earlier row or this very row.
          const at = pick % (rows.length + 1);
          const source = at === rows.length ? row : rows[at]!;
          f.cols.forEach((c, j) => (row[c] = source[f.refCols[j]!] ?? null));
          return;
        }
        const parentRows = resolved[f.parent];
        if (parentRows === undefined) {
          // A cycle between tables: the column's own (original) values.
          f.cols.forEach((c) => {
            const d = table.columns[c]!.domain;
            row[c] = d[pick % d.length]!;
          });
          return;
        }
        if (parentRows.length === 0) {
          orphan = true;
          return;
        }
        const parent = parentRows[pick % parentRows.length]!;
        f.cols.forEach((c, j) => (row[c] = parent[f.refCols[j]!] ?? null));
      });
      if (orphan) continue;
      const keys = keyCols.map((cols) => JSON.stringify(cols.map((c) => (c < 0 ? '' : cellKey(row[c]!)))));
      if (keys.some((k, i) => seen[i]!.has(k))) continue;
      keys.forEach((k, i) => seen[i]!.add(k));
      rows.push(row);
    }
    resolved[ti] = rows;
  }
  return { tables: plans.map((p, i) => ({ name: p.table.name, columns: p.table.columns.map((c) => c.name), rows: resolved[i] ?? [] })) };
}
