import { collapseWhitespace } from './collapseWhitespace.ts';

// A db_id is an identifier; SQL text after a tab (some files indent with tabs) never is one on every line.
const DB_ID = /^[A-Za-z0-9_]+$/;

/**
 * `lines` files: one SQL per line (`\n` or `\r\n`, last newline optional). Some carry
 * `\t<db_id>` on every line, the gold-file layout; others contain tabs inside the SQL itself
 * (indentation), so the suffix is dropped only when every non-empty line ends in one.
 */
export function normaliseLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const nonEmpty = lines.filter((l) => l !== '');
  const suffixed =
    nonEmpty.length > 0 &&
    nonEmpty.every((l) => {
      const tab = l.lastIndexOf('\t');
      return tab >= 0 && DB_ID.test(l.slice(tab + 1));
    });
  return lines.map((l) => collapseWhitespace(suffixed && l !== '' ? l.slice(0, l.lastIndexOf('\t')) : l));
}
