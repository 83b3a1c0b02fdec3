import type { CompletionText } from '../CompletionBackend.ts';

export type Parsed = { ok: true; completion: CompletionText } | { ok: false; message: string };

/**
 * Checks the shape of a (chat) completion body. A body without the text we asked for is an
 * error, never an empty prediction: scoring it would blame the model for a transport fault.
 */
export function parseCompletion(body: unknown, api: 'chat' | 'text'): Parsed {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, message: `expected a JSON object, got ${describe(body)}` };
  const { choices, usage } = body as { choices?: unknown; usage?: unknown };
  if (!Array.isArray(choices) || choices.length === 0) return { ok: false, message: 'no choices in the response' };
  const choice: unknown = choices[0];
  if (choice === null || typeof choice !== 'object') return { ok: false, message: 'choices[0] is not an object' };
  let text: unknown;
  if (api === 'chat') {
    const message = (choice as { message?: unknown }).message;
    if (message === null || typeof message !== 'object') return { ok: false, message: 'choices[0].message is missing' };
    text = (message as { content?: unknown }).content;
    if (typeof text !== 'string') return { ok: false, message: 'choices[0].message.content is not a string' };
  } else {
    text = (choice as { text?: unknown }).text;
    if (typeof text !== 'string') return { ok: false, message: 'choices[0].text is not a string' };
  }
  const finish = (choice as { finish_reason?: unknown }).finish_reason;
  const u = usage !== null && typeof usage === 'object' ? (usage as Record<string, unknown>) : {};
  return {
    ok: true,
    completion: {
      text,
      finishReason: typeof finish === 'string' ? finish : null,
      promptTokens: count(u['prompt_tokens']),
      completionTokens: count(u['completion_tokens']),
    },
  };
}

function count(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `text ${JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v)}`;
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
