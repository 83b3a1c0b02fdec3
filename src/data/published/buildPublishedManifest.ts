import { MANIFEST_ERRATA, type ManifestErratum } from './manifestErrata.ts';
import { parseRawFormat, type PublishedSet } from './PublishedSet.ts';
import { parseDelimited } from './_internals/parseDelimited.ts';

/** One set as `manifest.json` stores it: `PublishedSet` with the raw format as MANIFEST.tsv writes it. */
export type PublishedSetRecord = Omit<PublishedSet, 'rawFormat'> & { readonly rawFormat: string };

export interface PublishedManifest {
  readonly generatedFrom: string;
  readonly errata: readonly ManifestErratum[];
  readonly sets: readonly PublishedSetRecord[];
}

export interface BuildPublishedManifestInput {
  /** Text of `predictions/MANIFEST.tsv`. */
  readonly tsv: string;
  /** Parsed `predictions/<name>/SOURCE.json` of a set. */
  readonly sourceOf: (name: string) => unknown;
  readonly errata?: readonly ManifestErratum[];
}

const COLUMNS = [
  'name', 'lines', 'model', 'size', 'condition', 'group', 'repo', 'commit',
  'source_path', 'reported_by_authors', 'notes', 'raw_sha256', 'raw_format', 'pred_sha256',
] as const;
type Column = (typeof COLUMNS)[number];

/**
 * The project's metadata for the published sets, from the shared MANIFEST.tsv and each SOURCE.json
 * (never the SQL itself). Where the two disagree it throws, naming set and field; known wrong
 * values in MANIFEST.tsv are replaced as `errata` says, and listed in the result.
 */
export function buildPublishedManifest(input: BuildPublishedManifestInput): PublishedManifest {
  const errata = input.errata ?? MANIFEST_ERRATA;
  const [header, ...rows] = parseDelimited(input.tsv, '\t');
  if (header === undefined || header.fields.join('\t') !== COLUMNS.join('\t')) {
    throw new Error(`MANIFEST.tsv header is not: ${COLUMNS.join(' ')}`);
  }
  const problems: string[] = [];
  const sets = rows.map((row): PublishedSetRecord => {
    if (row.fields.length !== COLUMNS.length) problems.push(`line ${row.line}: ${row.fields.length} fields, expected ${COLUMNS.length}`);
    const cell = (c: Column): string => row.fields[COLUMNS.indexOf(c)] ?? '';
    const name = cell('name');
    const source = asRecord(input.sourceOf(name));
    const agree = (field: string, value: string): void => {
      if (source[field] !== value) problems.push(`${name}: SOURCE.json ${field} ${JSON.stringify(source[field])} ≠ MANIFEST.tsv ${JSON.stringify(value)}`);
    };
    agree('repo', cell('repo'));
    agree('commit', cell('commit'));
    agree('path', cell('source_path'));
    agree('format', cell('raw_format'));
    agree('model', cell('model'));
    agree('size', cell('size'));
    agree('condition', cell('condition'));
    agree('reported', cell('reported_by_authors'));
    // MANIFEST.tsv notes may extend SOURCE.json's (e.g. "; raw file encoding gbk"); the longer one is kept.
    const notes = cell('notes');
    if (typeof source['notes'] !== 'string' || !notes.startsWith(source['notes'])) {
      problems.push(`${name}: SOURCE.json notes are not a prefix of MANIFEST.tsv notes`);
    }
    const encoding = typeof source['encoding'] === 'string' ? source['encoding'] : 'utf-8';
    try {
      new TextDecoder(encoding);
      parseRawFormat(cell('raw_format'));
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
    }
    let rawSha256 = cell('raw_sha256');
    for (const e of errata.filter((x) => x.name === name)) {
      if (rawSha256 !== e.listed) problems.push(`${name}: erratum expects raw_sha256 ${e.listed}, MANIFEST.tsv has ${rawSha256}`);
      rawSha256 = e.actual;
    }
    const lines = Number(cell('lines'));
    if (!Number.isSafeInteger(lines) || lines <= 0) problems.push(`${name}: lines ${JSON.stringify(cell('lines'))}`);
    for (const [field, hex] of [['raw_sha256', rawSha256], ['pred_sha256', cell('pred_sha256')]] as const) {
      if (!/^[0-9a-f]{64}$/.test(hex)) problems.push(`${name}: ${field} is not a sha256`);
    }
    return {
      name, lines, model: cell('model'), size: cell('size'), condition: cell('condition'), group: cell('group'),
      repo: cell('repo'), commit: cell('commit'), path: cell('source_path'), reported: cell('reported_by_authors'),
      notes, encoding, rawSha256, rawFormat: cell('raw_format'), predSha256: cell('pred_sha256'),
    };
  });
  for (const e of errata) if (!sets.some((s) => s.name === e.name)) problems.push(`erratum for unknown set ${e.name}`);
  const names = new Set<string>();
  for (const s of sets) {
    if (names.has(s.name)) problems.push(`${s.name}: listed twice`);
    names.add(s.name);
  }
  if (problems.length > 0) throw new Error(`published manifest: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return {
    generatedFrom: 'shared predictions/MANIFEST.tsv + <name>/SOURCE.json; regenerate: T2SQL_WRITE_MANIFEST=1 npx vitest run specs/data/published-manifest.spec.ts',
    errata: errata.filter((e) => names.has(e.name)),
    sets,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
