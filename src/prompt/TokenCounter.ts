/** Counts tokens the way a model's tokenizer would; `name` says which tokenizer (recorded with prompts). */
export interface TokenCounter {
  readonly name: string;
  /** Tokens in `text`, with the tokenizer's special tokens (`<|im_start|>`…) counted as one each. */
  count(text: string): number;
}
