import { InputError } from './InputError.ts';
import { pyStrip, readParsedInput, readTextFile, splitLines, type ParsedInput } from './readTextFile.ts';

/** One gold example: the reference SQL and the database it runs on, in dev order. */
export interface GoldExample {
  readonly index: number;
  readonly sql: string;
  readonly dbId: string;
}

export interface ReadGoldOptions {
  /** db_ids that exist; an unknown one is an error naming its line. */
  knownDbIds?: ReadonlySet<string>;
}

/** Reads a gold file: `SQL<TAB>db_id` per line (the official evaluator's format). */
export function readGoldFile(file: string, options: ReadGoldOptions = {}): GoldExample[] {
  return parseGold(readTextFile(file), file, options);
}

/** The same, with the sha256 of the bytes read (the file is opened once). */
export function readGoldInput(file: string, options: ReadGoldOptions = {}): ParsedInput<GoldExample[]> {
  return readParsedInput(file, (text) => parseGold(text, file, options));
}

function parseGold(text: string, file: string, options: ReadGoldOptions): GoldExample[] {
  const lines = splitLines(text);
  while (lines.length > 0 && pyStrip(lines[lines.length - 1]!) === '') lines.pop();
  if (lines.length === 0) throw new InputError('gold file is empty', { file });
  return lines.map((raw, i) => {
    const line = i + 1;
    const stripped = pyStrip(raw);
    if (stripped === '') {
      throw new InputError('blank line in gold file (multi-turn sessions are not supported)', { file, line });
    }
    const fields = stripped.split('\t');
    if (fields.length !== 2) {
      throw new InputError(`expected "SQL<TAB>db_id", found ${fields.length} tab-separated field(s)`, { file, line });
    }
    const [sql, dbId] = fields as [string, string];
    if (options.knownDbIds && !options.knownDbIds.has(dbId)) {
      throw new InputError(`unknown db_id '${dbId}' (no such database under the data root)`, { file, line });
    }
    return { index: i, sql, dbId };
  });
}
