import { InputError } from '../data/InputError.ts';
import { buildPrompt, type PromptOptions } from '../prompt/buildPrompt.ts';
import { fewShotSelectors, type FewShotSelector } from '../prompt/fewShotPool.ts';
import { PromptBudgetError } from '../prompt/PromptBudgetError.ts';
import { parseRepresentation, representationId, representationTraits } from '../schema/Representation.ts';
import type { GenerationItem } from './generateRun.ts';
import type { ApiKind, PromptConfig } from './RunConfig.ts';
import type { PromptInputs, SchemaSource } from './spiderPromptInputs.ts';

export interface RunItems {
  readonly items: GenerationItem[];
  /** `keys@1`: the representation and its version. */
  readonly representation: string;
  /** `prompt@1 keys@1`: prompt layout and representation versions, for `RunConfig.promptVersion`. */
  readonly promptVersion: string;
  /** Stop sequences that end an answer continuing the text prompt (for completions runs). */
  readonly stop: readonly string[];
  /** Prompt tokens of each item (parallel to `items`): the chat prompt in Qwen's template, by `tokenizer`. */
  readonly promptTokens: readonly number[];
  readonly tokenizer: string;
}

/** Prompt options an experiment may set (`promptOptions`), checked here. */
const optionChecks: Record<string, (v: unknown) => boolean> = {
  source: (v) => v === 'sqlite' || v === 'tables',
  selector: (v) => fewShotSelectors.includes(v as FewShotSelector),
  seed: (v) => Number.isSafeInteger(v),
  allowSameDb: (v) => typeof v === 'boolean',
  budget: (v) => Number.isInteger(v) && (v as number) > 0,
  lowercase: (v) => typeof v === 'boolean',
  quote: (v) => v === 'auto' || v === 'always' || v === 'none',
  system: (v) => typeof v === 'string',
};

/**
 * The prompts of a run's first `limit` examples (or of the examples at `indices`, in that order),
 * built by the prompt stage: chat messages for chat runs, the flattened text for completions
 * (base-model) runs.
 */
export function buildRunItems(
  inputs: PromptInputs,
  run: { readonly prompt: PromptConfig; readonly api: ApiKind; readonly limit?: number; readonly indices?: readonly number[] },
): RunItems {
  const { prompt } = run;
  for (const [key, value] of Object.entries(prompt.options)) {
    const check = optionChecks[key];
    if (!check) throw new InputError(`unknown prompt option '${key}' (known: ${Object.keys(optionChecks).join(', ')})`);
    if (!check(value)) throw new InputError(`prompt option ${key}: invalid value ${JSON.stringify(value)}`);
  }
  const o = prompt.options as { source?: SchemaSource; selector?: FewShotSelector; seed?: number; allowSameDb?: boolean; budget?: number; lowercase?: boolean; quote?: 'auto' | 'always' | 'none'; system?: string };
  const representation = parseRepresentation(prompt.schema);
  const traits = representationTraits(representation);
  const options: PromptOptions = {
    representation,
    shots: prompt.shots,
    serialize: { lowercase: o.lowercase ?? false, quote: o.quote ?? 'auto' },
    ...(o.selector ? { selector: o.selector } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.allowSameDb !== undefined ? { allowSameDb: o.allowSameDb } : {}),
    ...(o.budget !== undefined ? { budget: o.budget } : {}),
    ...(o.system !== undefined ? { system: o.system } : {}),
  };
  const pool = prompt.shots > 0 ? inputs.pool() : undefined;
  const total = inputs.examples.length;
  for (const i of run.indices ?? []) if (!Number.isInteger(i) || i < 0 || i >= total) throw new InputError(`example index ${i} is outside the ${total} questions of ${inputs.split}`);
  const chosen = run.indices ?? [...Array(Math.min(run.limit ?? total, total)).keys()];
  let stop: readonly string[] = [];
  let format = '';
  let tokenizer = '';
  const promptTokens: number[] = [];
  const items = chosen.map((index): GenerationItem => {
    const example = inputs.examples[index]!;
    const schema = inputs.schema(example.dbId, o.source ?? 'sqlite', { rows: traits.rows, values: traits.values });
    let built;
    try {
      built = buildPrompt({ question: example.question, schema, ...(pool ? { pool } : {}) }, options);
    } catch (err) {
      if (err instanceof PromptBudgetError) throw new InputError(`example ${index} (${example.dbId}): ${err.message}`);
      throw err;
    }
    stop = built.stop;
    format = built.format;
    tokenizer = built.tokenizer;
    promptTokens.push(built.tokens);
    return {
      index,
      prompt: run.api === 'chat' ? { kind: 'chat', messages: built.messages } : { kind: 'text', text: built.text },
      promptHash: built.hash,
    };
  });
  const id = representationId(representation);
  return { items, representation: id, promptVersion: `${format} ${id}`, stop, promptTokens, tokenizer };
}
