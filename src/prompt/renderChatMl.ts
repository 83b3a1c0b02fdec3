import type { ChatMessage } from './ChatMessage.ts';

/**
 * The text Qwen2.5's chat template makes of these messages (ChatML): each message as
 * `<|im_start|>role\ncontent<|im_end|>\n`, then `<|im_start|>assistant\n` when a reply is wanted.
 * Matches the template whenever the first message is a system message (otherwise Qwen2.5's
 * template inserts its own default system prompt).
 */
export function renderChatMl(messages: readonly ChatMessage[], options: { addGenerationPrompt?: boolean } = {}): string {
  const body = messages.map(chatMlMessage).join('');
  return options.addGenerationPrompt === false ? body : body + chatMlGenerationPrompt;
}

export const chatMlGenerationPrompt = '<|im_start|>assistant\n';

export function chatMlMessage(message: ChatMessage): string {
  return `<|im_start|>${message.role}\n${message.content}<|im_end|>\n`;
}
