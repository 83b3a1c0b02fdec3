import { InputError } from '../InputError.ts';

/** One raw model reply of a published replies file, keyed by its split index. */
export interface PublishedReply {
  readonly index: number;
  readonly dbId: string;
  /** The model's text as published (no extraction). */
  readonly reply: string;
}

/**
 * A JSONL file of raw replies, one `{"id": <dev index>, "db_id": "...", "predicted": "<reply>"}`
 * per line, in any order (generation order), as the Qwen2.5-Coder sets publish them. Returns the
 * replies in index order; there must be exactly one per index 0..lines-1. A bad line is an
 * InputError naming the file and line.
 */
export function parseReplies(text: string, options: { readonly file?: string; readonly lines?: number } = {}): PublishedReply[] {
  const where = (line: number) => ({ ...(options.file ? { file: options.file } : {}), line });
  const byIndex = new Map<number, PublishedReply>();
  const raw = text.split('\n');
  raw.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError('not a JSON object (expected {"id", "db_id", "predicted"})', where(i + 1));
    }
    const r = value as { id?: unknown; db_id?: unknown; predicted?: unknown };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError('not a JSON object (expected {"id", "db_id", "predicted"})', where(i + 1));
    if (!Number.isSafeInteger(r.id) || (r.id as number) < 0) throw new InputError(`"id" must be a split index (an integer ≥ 0), got ${JSON.stringify(r.id)}`, where(i + 1));
    if (typeof r.db_id !== 'string' || r.db_id === '') throw new InputError(`"db_id" must be a database name, got ${JSON.stringify(r.db_id)}`, where(i + 1));
    if (typeof r.predicted !== 'string') throw new InputError(`"predicted" must be the reply's text, got ${JSON.stringify(r.predicted)}`, where(i + 1));
    const index = r.id as number;
    if (byIndex.has(index)) throw new InputError(`id ${index} appears twice`, where(i + 1));
    byIndex.set(index, { index, dbId: r.db_id, reply: r.predicted });
  });
  const n = options.lines ?? byIndex.size;
  const missing = [...Array(n).keys()].filter((i) => !byIndex.has(i));
  if (missing.length > 0 || byIndex.size !== n) {
    const extra = [...byIndex.keys()].filter((i) => i >= n);
    throw new InputError(
      `${byIndex.size} replies, expected one for each index 0 to ${n - 1}${missing.length ? `; missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` : ''}${extra.length ? `; out of range ${extra.slice(0, 5).join(', ')}` : ''}`,
      options.file ? { file: options.file } : {},
    );
  }
  return [...Array(n).keys()].map((i) => byIndex.get(i)!);
}
