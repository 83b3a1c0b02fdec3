import type { CellValue } from '../DatabaseShape.ts';

/**
 * `count` new values for a column whose original values are too few (an empty table, or a key
 * needing more distinct values than the original holds), in the column's own kind: integers
 * above the largest, reals, or text derived from the first value.
 */
export function syntheticValues(declaredType: string, existing: readonly CellValue[], count: number): CellValue[] {
  const type = declaredType.toLowerCase();
  const ints = existing.filter((v): v is bigint => typeof v === 'bigint');
  const reals = existing.filter((v): v is number => typeof v === 'number');
  const texts = existing.filter((v): v is string => typeof v === 'string');
  const out: CellValue[] = [];
  if (ints.length > 0 || (existing.length === 0 && type.includes('int'))) {
    let next = ints.reduce((m, v) => (v > m ? v : m), 0n) + 1n;
    for (let i = 0; i < count; i++) out.push(next++);
  } else if (reals.length > 0 || (existing.length === 0 && /real|floa|doub|num|dec/.test(type))) {
    const top = reals.reduce((m, v) => Math.max(m, v), 0);
    for (let i = 1; i <= count; i++) out.push(Math.floor(top) + i + 0.5);
  } else {
    const base = texts[0] ?? 'v';
    for (let i = 1; i <= count; i++) out.push(`${base}${i + 1}`);
  }
  return out;
}
