import type { TokenCounter } from './TokenCounter.ts';

/**
 * The fallback when the Qwen tokenizer cannot be loaded: one token per `bytesPerToken` bytes of
 * UTF-8, rounded up. The default, 3, over-counts: on Spider prompts (schemas, questions, SQL) the
 * Qwen2.5 tokenizer averages about 3.5 to 4 bytes per token, so a budget met by the estimate is met
 * by the real tokenizer (specs/prompt/tokenCounters.spec.ts checks this on real prompts).
 */
export function estimateTokenCounter(bytesPerToken = 3): TokenCounter {
  if (!(bytesPerToken > 0)) throw new RangeError(`bytesPerToken must be positive, not ${bytesPerToken}`);
  return {
    name: `estimate(utf8 bytes/${bytesPerToken})`,
    count: (text) => Math.ceil(Buffer.byteLength(text, 'utf8') / bytesPerToken),
  };
}
