// Python object semantics for result cells (see sql/PyValue.ts): equality, hashing and
// `str(x) + str(type(x))`, which the official evaluator uses as a sort key.
import type { PyValue } from '../PyValue.ts';

/** Python `==` between two cells: int and float compare exactly by value, '1' != 1. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'bigint') return typeof b === 'number' ? intEqualsFloat(a, b) : false;
  if (typeof a === 'number') return typeof b === 'bigint' ? intEqualsFloat(b, a) : false;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return bytesEqual(a, b);
  return false;
}

function intEqualsFloat(i: bigint, f: number): boolean {
  return Number.isInteger(f) && BigInt(f) === i;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A string that is equal for two cells exactly when Python's `==` (and so `hash`) makes them equal. */
export function pyKey(v: PyValue): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'bigint':
      return 'i' + v.toString();
    case 'number':
      // Integral floats hash and compare like the int of the same value (1.0 == 1).
      return Number.isInteger(v) ? 'i' + BigInt(v).toString() : 'f' + String(v);
    case 'string':
      return 's' + v;
    default:
      return 'b' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  }
}

/** Python's `repr(float)` (shortest round-trip digits, Python's switch to exponent notation). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? '.' + digits.slice(1) : '';
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = digits.slice(exp + 1) || '0';
  return `${sign}${intPart}.${fracPart}`;
}

/** Python's `repr(bytes)`: b'...' with \\x escapes, quotes chosen as CPython does. */
export function pyBytesRepr(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const c of b) {
    if (c === 0x27) hasSingle = true;
    else if (c === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = 'b' + quote;
  for (const c of b) {
    if (c === quote.charCodeAt(0) || c === 0x5c) out += '\\' + String.fromCharCode(c);
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += String.fromCharCode(c);
  }
  return out + quote;
}

/** `str(x) + str(type(x))`, the key of the official `unorder_row` sort. */
export function pyStrWithType(v: PyValue): string {
  if (v === null) return "None<class 'NoneType'>";
  switch (typeof v) {
    case 'bigint':
      return v.toString() + "<class 'int'>";
    case 'number':
      return pyFloatRepr(v) + "<class 'float'>";
    case 'string':
      return v + "<class 'str'>";
    default:
      return pyBytesRepr(v) + "<class 'bytes'>";
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Python str ordering: by code point (JS `<` orders UTF-16 units, which differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}
