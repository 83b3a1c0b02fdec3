import type { CoarseType } from './Schema.ts';

/**
 * Spider's coarse type of a declared SQLite type, by the rule Spider's `get_tables.py` used to
 * write `tables.json` (substring tests, first match wins): text, then number, time, boolean.
 * Reproducing the rule lets a schema read from SQLite carry the same coarse types as `tables.json`.
 */
export function spiderCoarseType(declaredType: string): CoarseType {
  const t = declaredType.toLowerCase();
  if (t === '' || has(t, 'char', 'text', 'var')) return 'text';
  if (has(t, 'int', 'numeric', 'decimal', 'number', 'id', 'real', 'double', 'float')) return 'number';
  if (has(t, 'date', 'time', 'year')) return 'time';
  if (t.includes('boolean')) return 'boolean';
  return 'others';
}

function has(t: string, ...parts: string[]): boolean {
  return parts.some((p) => t.includes(p));
}
