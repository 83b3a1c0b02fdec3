import { collapseWhitespace } from './collapseWhitespace.ts';

/**
 * `thu_json` (THU-BPM/chatgpt-sql `spider/predict.json`): a JSON list of objects whose `result`
 * is the model's completion of a prompt that ended in "SELECT". The repository's own
 * generate_txt.py turns it into SQL: "SELECT " + result with newlines made spaces, then every
 * "SELECT SELECT" (the model repeating the keyword) becomes "SELECT". We do the same, in that order.
 */
export function normaliseThuJson(text: string): string[] {
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data)) throw new Error('expected a JSON list');
  return data.map((item: unknown, i) => {
    const result = typeof item === 'object' && item !== null ? (item as { result?: unknown }).result : undefined;
    if (typeof result !== 'string') throw new Error(`item ${i}: no string "result"`);
    return collapseWhitespace(`SELECT ${result.replaceAll('\n', ' ')}`.replaceAll('SELECT SELECT', 'SELECT'));
  });
}
