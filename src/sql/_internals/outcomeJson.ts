import { isCacheable, type ExecOutcome } from '../ExecOutcome.ts';
import type { PyValue } from '../PyValue.ts';

// Query outcomes as JSON text for the gold cache on disk. JSON.parse plus one pass over the
// cells is about twice as fast as v8.deserialize on Spider's results (mostly short strings),
// and the cache is read at the start of every run.
//
// Cells: an int (bigint) in the double-safe range is a JSON number; everything JSON cannot
// say exactly is a tagged array: ["f", x] float (x a string for -0, ±Infinity and NaN),
// ["i", "digits"] int beyond 2^53, ["b", base64] bytes. Strings and null are themselves.

type Cell = null | number | string | [tag: 'f', value: number | string] | [tag: 'i' | 'b', value: string];

function encodeCell(v: PyValue): Cell {
  if (typeof v === 'bigint') return v >= -Number.MAX_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER ? Number(v) : ['i', v.toString()];
  if (typeof v === 'number') {
    if (Number.isFinite(v) && !Object.is(v, -0)) return ['f', v];
    return ['f', Object.is(v, -0) ? '-0' : String(v)];
  }
  if (v instanceof Uint8Array) return ['b', Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')];
  return v;
}

function decodeCell(c: Cell): PyValue {
  if (typeof c === 'number') return BigInt(c);
  if (c === null || typeof c === 'string') return c;
  const [tag, value] = c;
  if (tag === 'f') return typeof value === 'number' ? value : Number(value); // Number('-0') is -0
  if (tag === 'i') return BigInt(value);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

export function encodeOutcomes(entries: Iterable<readonly [string, ExecOutcome]>): string {
  const out: unknown[] = [];
  for (const [key, o] of entries) out.push([key, o.kind === 'rows' ? { ...o, rows: o.rows.map((r) => r.map(encodeCell)) } : o]);
  return JSON.stringify(out);
}

/** Inverse of encodeOutcomes; throws on text it did not write. */
export function decodeOutcomes(text: string): Map<string, ExecOutcome> {
  const parsed = JSON.parse(text) as [string, ExecOutcome][];
  if (!Array.isArray(parsed)) throw new Error('not an outcome table');
  const table = new Map<string, ExecOutcome>();
  for (const [key, o] of parsed) {
    if (typeof key !== 'string' || typeof o !== 'object' || o === null || !isCacheable(o)) throw new Error('not an outcome table');
    if (o.kind === 'rows') {
      if (!Array.isArray(o.rows)) throw new Error('not an outcome table');
      for (const row of o.rows as unknown as Cell[][]) {
        for (let i = 0; i < row.length; i++) (row as unknown as PyValue[])[i] = decodeCell(row[i]!);
      }
    }
    table.set(key, o);
  }
  return table;
}
