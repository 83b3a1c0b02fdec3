/**
 * How a published file is laid out in its source repository, and so how to turn it into
 * `pred.sql` (one SQL per line, dev order):
 * - `lines`: one SQL per line, possibly followed by `\t<db_id>` on every line;
 * - `csv`: a CSV with a header row; the SQL is the named column (fields may be quoted and span lines);
 * - `thu_json`: a JSON list of `{ result }`, the completion after a prompt that ended in "SELECT";
 * - `replies`: JSONL of raw model replies `{ id, db_id, predicted }` (see parseReplies); pred.sql
 *   is the authors' extraction of each, and the file itself is kept beside it as replies.jsonl.
 */
export type RawFormat =
  | { readonly kind: 'lines' }
  | { readonly kind: 'csv'; readonly column: string }
  | { readonly kind: 'thu_json' }
  | { readonly kind: 'replies' };

/** One published prediction set on Spider dev: where its file lives upstream and what it hashes to. */
export interface PublishedSet {
  /** Folder name under `<data root>/predictions/`. */
  readonly name: string;
  /** Number of predictions (the dev set: 1034). */
  readonly lines: number;
  readonly model: string;
  /** Parameter count as text (`7B`, `220M`) or `API`. */
  readonly size: string;
  readonly condition: string;
  /** Which comparison the set belongs to (`size_ladder`, `base_vs_ft`, `ft_data_size`, …). */
  readonly group: string;
  /** `owner/name` on GitHub. */
  readonly repo: string;
  /** Pinned commit (40 hex digits). */
  readonly commit: string;
  /** Path of the raw file inside the repository. */
  readonly path: string;
  /** What the authors (or a leaderboard) reported for it, as written; empty when nothing. */
  readonly reported: string;
  readonly notes: string;
  /** Text encoding of the raw file (`utf-8`, a few are `gbk`). */
  readonly encoding: string;
  /** sha256 of the raw file at `repo@commit:path`. */
  readonly rawSha256: string;
  readonly rawFormat: RawFormat;
  /** sha256 of the normalised `pred.sql`. */
  readonly predSha256: string;
}

/** `lines` | `csv:<column>` | `thu_json`, as MANIFEST.tsv writes it. */
export function parseRawFormat(text: string): RawFormat {
  if (text === 'lines') return { kind: 'lines' };
  if (text === 'thu_json') return { kind: 'thu_json' };
  if (text === 'replies') return { kind: 'replies' };
  if (text.startsWith('csv:') && text.length > 4) return { kind: 'csv', column: text.slice(4) };
  throw new Error(`unknown raw format '${text}' (expected lines, csv:<column>, thu_json or replies)`);
}

export function rawFormatLabel(format: RawFormat): string {
  return format.kind === 'csv' ? `csv:${format.column}` : format.kind;
}
