import type { ChatMessage } from './ChatMessage.ts';
import type { TokenCounter } from './TokenCounter.ts';
import { chatMlGenerationPrompt, chatMlMessage } from './renderChatMl.ts';

/**
 * Tokens of the messages as a Qwen chat model receives them (`renderChatMl`, with the generation
 * prompt). Counted message by message: the tokenizer splits special tokens out before BPE, and
 * every message is bounded by `<|im_start|>` and `<|im_end|>`, so the sum equals the count of the
 * whole text, while each message's count can be memoized (schemas and examples repeat).
 */
export function countChatTokens(messages: readonly ChatMessage[], counter: TokenCounter): number {
  let total = counter.count(chatMlGenerationPrompt);
  for (const m of messages) total += counter.count(chatMlMessage(m));
  return total;
}
