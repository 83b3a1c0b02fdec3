import type { SqlValue } from './SchemaSamples.ts';

/**
 * A database value as the sample-bearing representations print it: integers (bigint) as digits,
 * reals with a decimal point or exponent, blobs as X'…' hex. Text is shown bare when that
 * cannot be misread (no quotes, commas, brackets, control characters, edge spaces; not NULL or a
 * number); otherwise as a JSON string with `*\/` escaped, so it never closes an SQL comment.
 * Text longer than `maxChars` code points is cut and ends with `…`.
 */
export function renderValue(value: SqlValue, maxChars: number): string {
  if (value === null) return 'NULL';
  if (typeof value === 'bigint') return String(value);
  // A REAL that happens to be whole keeps its ".0", as SQLite's shell and Python print it.
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
  if (typeof value !== 'string') {
    const hex = Buffer.from(value).toString('hex').toUpperCase();
    return hex.length > maxChars ? `X'${hex.slice(0, maxChars)}…'` : `X'${hex}'`;
  }
  const points = Array.from(value);
  const text = points.length > maxChars ? points.slice(0, maxChars).join('') + '…' : value;
  return isBareText(text) ? text : JSON.stringify(text).replaceAll('*/', '*\\/');
}

function isBareText(text: string): boolean {
  return (
    /^[^\s"\\,[\]\p{Cc}](?:[^"\\,[\]\p{Cc}]*[^\s"\\,[\]\p{Cc}])?$/u.test(text) &&
    !text.includes('*/') &&
    !/^null$/i.test(text) &&
    !/^X'/i.test(text) &&
    !/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(text) &&
    !/^[-+]?(?:Infinity|NaN)$/.test(text)
  );
}
