/**
 * What the official driver parses for one line of a prediction file: the line stripped of
 * surrounding whitespace, cut at its first tab, with every `value` (case-sensitive, anywhere,
 * inside names and strings too) replaced by `1`. `parseSpiderSql` expects this text for a
 * prediction; gold text is used as `line.strip().split('\t')[0]` with no rewrite.
 */
export function officialPredictionText(rawLine: string): string {
  return officialLineText(rawLine).replaceAll('value', '1');
}

/** `l.strip().split('\t')[0]`, with Python's notion of whitespace. */
export function officialLineText(rawLine: string): string {
  return rawLine.replace(PY_STRIP_START, '').replace(PY_STRIP_END, '').split('\t')[0] ?? '';
}

const PY_SPACE = String.raw`[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;
const PY_STRIP_START = new RegExp(`^${PY_SPACE}+`, 'u');
const PY_STRIP_END = new RegExp(`${PY_SPACE}+$`, 'u');
