/**
 * Python's `float(s)` for one token: decimal and exponent forms with optional `_` between
 * digits, `inf`/`infinity`/`nan` in any case, a leading sign. Null where Python raises.
 * (It decides whether the official parser reads a condition's value as a number or as a
 * column, so `1e3` and `nan` must be numbers here too.)
 */
const DIGITS = String.raw`\d(?:_?\d)*`;
const PY_FLOAT = new RegExp(
  String.raw`^[+-]?(?:(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`,
  'i',
);

export function parsePythonFloat(token: string): number | null {
  const s = token.trim();
  if (!PY_FLOAT.test(s)) return null;
  const lower = s.toLowerCase().replaceAll('_', '');
  if (lower.endsWith('nan')) return Number.NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(lower);
}
