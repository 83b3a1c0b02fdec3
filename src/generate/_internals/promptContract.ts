/**
 * The parts of the prompt stage's contract that generation uses.
 * `src/prompt/` is being written alongside; when it lands, each line below becomes a re-export:
 *   export type { ChatMessage } from '../../prompt/ChatMessage.ts';
 *   export type { ExtractResult } from '../../prompt/extractSql.ts';
 */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** What `extractSql(response)` returns: one statement, or why there is none. */
export type ExtractResult = { sql: string } | { sql: null; reason: string };
