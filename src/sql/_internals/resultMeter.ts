import type { PyValue, Row } from '../PyValue.ts';

/**
 * Counts a result row by row against the row and byte limits, the one rule for both the query
 * process (while it reads rows) and a result kept from an earlier run (judged by this run's
 * limits), so both give the same `too_large` reason. Bytes are an estimate of what the result
 * holds in memory, counted on the cells as Python sees them.
 */
export class ResultMeter {
  private rows = 0;
  private bytes = 0;

  constructor(
    private readonly maxRows: number,
    private readonly maxBytes: number,
  ) {}

  /** Counts one more row; returns the reason the result is too large, or null. */
  add(row: Row): string | null {
    for (const v of row) this.bytes += cellBytes(v);
    if (++this.rows > this.maxRows) return `more than ${this.maxRows} rows`;
    if (this.bytes > this.maxBytes) return `result over ${this.maxBytes} bytes`;
    return null;
  }
}

function cellBytes(v: PyValue): number {
  if (typeof v === 'string') return 16 + 2 * v.length;
  if (v instanceof Uint8Array) return 16 + v.byteLength;
  return 16;
}
