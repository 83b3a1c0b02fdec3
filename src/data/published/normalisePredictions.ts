import type { PublishedSet } from './PublishedSet.ts';
import { parseReplies } from './parseReplies.ts';
import { authorsReplyExtraction } from './_internals/authorsReplyExtraction.ts';
import { normaliseCsvColumn } from './_internals/normaliseCsvColumn.ts';
import { normaliseLines } from './_internals/normaliseLines.ts';
import { normaliseThuJson } from './_internals/normaliseThuJson.ts';

export type NormaliseResult =
  | { readonly ok: true; /** `pred.sql`: one SQL per line, `\n` after each. */ readonly text: string; readonly lines: number }
  | { readonly ok: false; readonly message: string };

/**
 * Turns a published raw file into `pred.sql`: decode (`encoding`), extract one SQL per example by
 * `rawFormat`, collapse whitespace in each (how the reference `pred.sql` files were made: verified
 * to reproduce `pred_sha256` for all 134 published sets), and check the count against `lines`.
 */
export function normalisePredictions(
  raw: Uint8Array,
  set: Pick<PublishedSet, 'rawFormat' | 'encoding' | 'lines'>,
): NormaliseResult {
  let text: string;
  try {
    text = new TextDecoder(set.encoding, { fatal: true }).decode(raw);
  } catch (err) {
    return { ok: false, message: `not valid ${set.encoding}: ${(err as Error).message}` };
  }
  let sqls: string[];
  try {
    const f = set.rawFormat;
    sqls =
      f.kind === 'lines'
        ? normaliseLines(text)
        : f.kind === 'csv'
          ? normaliseCsvColumn(text, f.column)
          : f.kind === 'replies'
            ? parseReplies(text, { lines: set.lines }).map((r) => authorsReplyExtraction(r.reply))
            : normaliseThuJson(text);
  } catch (err) {
    const line = (err as { where?: { line?: number } }).where?.line;
    return { ok: false, message: `${line !== undefined ? `line ${line}: ` : ''}${(err as Error).message}` };
  }
  if (sqls.length !== set.lines) return { ok: false, message: `${sqls.length} predictions, expected ${set.lines}` };
  return { ok: true, text: sqls.map((s) => `${s}\n`).join(''), lines: sqls.length };
}
