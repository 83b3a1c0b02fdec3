import type { CellValue } from '../DatabaseShape.ts';

/** A cell as an SQL literal that SQLite reads back with the same storage class. */
export function sqlLiteral(v: CellValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NULL';
    if (!Number.isFinite(v)) return v > 0 ? '9e999' : '-9e999';
    return Number.isInteger(v) && Math.abs(v) < 1e21 ? `${v}.0` : String(v);
  }
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  return `X'${Buffer.from(v).toString('hex').toUpperCase()}'`;
}
