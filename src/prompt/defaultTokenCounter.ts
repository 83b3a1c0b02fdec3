import { estimateTokenCounter } from './estimateTokenCounter.ts';
import { qwenTokenCounter } from './qwenTokenCounter.ts';
import type { TokenCounter } from './TokenCounter.ts';

let shared: TokenCounter | undefined;

/**
 * The counter prompts use unless given one: Qwen2.5's tokenizer, loaded on first use and shared by
 * the process (so its memo is shared too), or, if the package cannot be loaded, the byte estimate.
 * Which one was used is recorded in every BuiltPrompt (`tokenizer`).
 */
export function defaultTokenCounter(): TokenCounter {
  if (shared) return shared;
  const qwen = qwenTokenCounter();
  try {
    qwen.count('');
    shared = qwen;
  } catch {
    shared = estimateTokenCounter();
  }
  return shared;
}
