/**
 * How the Qwen2.5-Coder replies sets' `pred.sql` was made from each reply (SOURCE.json: "first
 * ``` block, cut at the first ';' outside quotes, whitespace runs collapsed"), written so that it
 * reproduces the published `pred_sha256` of both sets: the first fenced block's body if there is
 * one (else the whole reply), cut before the first `;` outside single or double quotes, each run
 * of whitespace that holds a line break made one space, and the ends trimmed. Runs of spaces
 * without a line break are kept, as in the published file. Not t2sql's extraction (`extractSql`).
 */
export function authorsReplyExtraction(reply: string): string {
  const fenced = /```[A-Za-z]*\n?([\s\S]*?)```/.exec(reply);
  let text = fenced ? fenced[1]! : reply;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ';') {
      text = text.slice(0, i);
      break;
    }
  }
  return text.replace(/\s*[\r\n]\s*/g, ' ').trim();
}
