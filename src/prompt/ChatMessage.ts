/** One turn of a chat prompt, as OpenAI-compatible chat APIs take it. */
export type ChatMessage = {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
};
