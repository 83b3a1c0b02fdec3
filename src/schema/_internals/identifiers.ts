import { isSqlKeyword } from '../../core/sqlKeywords.ts';

export type QuoteStyle = 'auto' | 'always' | 'none';

/** A name SQLite reads without quotes: a plain identifier that is not a keyword. */
export function isBareIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !isSqlKeyword(name);
}

export function quoteIdentifier(name: string, style: QuoteStyle): string {
  if (style === 'none' || (style === 'auto' && isBareIdentifier(name))) return name;
  return `"${name.replaceAll('"', '""')}"`;
}
