/**
 * Python's `==` on the official parse structures (tuples and lists as arrays, dicts as
 * objects, None as null): `True == 1`, `1 == 1.0`, `nan != nan`, deep on containers.
 * The official exact match is a handful of `==`, `in` and `list.remove` calls, so these
 * three are all we need.
 */
export function pyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return !(typeof a === 'number' && Number.isNaN(a));
  const an = typeof a === 'number' || typeof a === 'boolean';
  const bn = typeof b === 'number' || typeof b === 'boolean';
  if (an || bn) return an && bn && Number(a) === Number(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => pyEqual(x, b[i]));
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  const bo = b as Record<string, unknown>;
  const ao = a as Record<string, unknown>;
  return ak.every((k) => Object.hasOwn(bo, k) && pyEqual(ao[k], bo[k]));
}

/** `x in xs`. */
export function pyIn(x: unknown, xs: readonly unknown[]): boolean {
  return xs.some((y) => pyEqual(x, y));
}

/** `xs.remove(x)` on a list known to contain x. */
export function pyRemove(xs: unknown[], x: unknown): void {
  const i = xs.findIndex((y) => pyEqual(x, y));
  if (i >= 0) xs.splice(i, 1);
}

/** `len(set(xs))` and set equality, for hashable items compared with `==`. */
export function pyDistinct(xs: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of xs) if (!pyIn(x, out)) out.push(x);
  return out;
}

export function pySetEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  const da = pyDistinct(a);
  const db = pyDistinct(b);
  return da.length === db.length && da.every((x) => pyIn(x, db));
}

/** Every other item from `start`: Python's `xs[start::2]`. */
export function everyOther<T>(xs: readonly T[], start: 0 | 1): T[] {
  return xs.filter((_, i) => i % 2 === start);
}

/** `item[i]` on a condition-list element, which the official code indexes even when it is a string. */
export function pyItem(item: unknown, i: number): unknown {
  return typeof item === 'string' || Array.isArray(item) ? item[i] : undefined;
}

/** Python truthiness of the values that occur in a parse. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}
