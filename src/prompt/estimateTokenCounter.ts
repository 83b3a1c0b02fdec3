import type { TokenCounter } from './TokenCounter.ts';

/**
 * The fallback when the Qwen tokenizer cannot be loaded: one token per digit (Qwen splits numbers
 * into single digits) plus one per `bytesPerToken` (default 2.5) other UTF-8 bytes, rounded up.
 * It over-counts on purpose, so a budget met by the estimate is met by the real tokenizer: on every
 * Spider database's schema in each representation it gives 1.1 to 2.2 times Qwen2.5's count
 * (median 1.55); specs/prompt/tokenCounters.spec.ts checks it never under-counts real prompts.
 */
export function estimateTokenCounter(options: { bytesPerToken?: number } = {}): TokenCounter {
  const bytesPerToken = options.bytesPerToken ?? 2.5;
  if (!(bytesPerToken > 0)) throw new RangeError(`bytesPerToken must be positive, not ${bytesPerToken}`);
  return {
    name: `estimate (digits + utf8 bytes/${bytesPerToken})`,
    count(text) {
      const digits = text.match(/\p{Nd}/gu)?.length ?? 0;
      return Math.ceil(digits + (Buffer.byteLength(text, 'utf8') - digits) / bytesPerToken);
    },
  };
}
