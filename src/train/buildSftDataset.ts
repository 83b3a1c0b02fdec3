import fs from 'node:fs';
import { InputError } from '../data/InputError.ts';
import type { SpiderPaths } from '../data/spiderPaths.ts';
import { buildRunItems } from '../generate/buildRunItems.ts';
import { spiderPromptInputs, type PromptInputs, type SchemaSource } from '../generate/spiderPromptInputs.ts';
import type { ChatMessage } from '../prompt/ChatMessage.ts';
import { defaultTokenCounter } from '../prompt/defaultTokenCounter.ts';
import { readFewShotExamples } from '../prompt/readFewShotExamples.ts';
import { chatMlMessage } from '../prompt/renderChatMl.ts';
import type { TokenCounter } from '../prompt/TokenCounter.ts';
import { DevDatabaseInTrainingError } from './DevDatabaseInTrainingError.ts';

/** Spider's training files, in the order their examples enter the SFT set. */
export type SftSourceName = 'train_spider' | 'train_others';

export interface SftOptions {
  /** Schema representation (`keys`, `ddl`, …), as `t2sql prompt --schema` takes it. */
  readonly schema: string;
  /** Few-shot examples in each prompt (from Spider train, never the question's own database). */
  readonly shots: number;
  /** Most tokens one whole example (prompt and answer, chat template included) may take. */
  readonly maxTokens: number;
  /** Default 'sqlite', as `t2sql prompt` and `t2sql generate`. */
  readonly source?: SchemaSource;
  /** Only the first `limit` examples of each file (for small sets). */
  readonly limit?: number;
  /** Default: Qwen2.5's tokenizer (the prompt stage's default). */
  readonly tokenCounter?: TokenCounter;
}

/** One line of the SFT JSONL: the evaluation's chat messages plus the gold SQL as the reply. */
export interface SftExample {
  readonly messages: readonly ChatMessage[];
  readonly db_id: string;
  /** Position in its source file. */
  readonly index: number;
  readonly source: SftSourceName;
  /** Tokens of the whole conversation in the chat template, without a generation prompt. */
  readonly tokens: number;
}

export type SftSourceStatus =
  | { readonly name: SftSourceName; readonly file: string; readonly present: true; readonly examples: number }
  | { readonly name: SftSourceName; readonly file: string; readonly present: false; readonly note: string };

export interface OverBudgetExample {
  readonly source: SftSourceName;
  readonly index: number;
  readonly dbId: string;
  readonly tokens: number;
}

export interface SftDataset {
  readonly examples: readonly SftExample[];
  /** Left out because they exceed `maxTokens` (never cut: a cut example teaches a cut answer). */
  readonly overBudget: readonly OverBudgetExample[];
  readonly sources: readonly SftSourceStatus[];
  /** `prompt@1 keys@1`, as the runs scored with it record. */
  readonly promptVersion: string;
  readonly tokenizer: string;
  /**
   * The dev databases (`checked` of them), looked for in all `examples` the set can draw on (every
   * line of each training file, whatever `limit`: few-shot examples come from all of train_spider;
   * one there throws), and how many of them the set's own examples are on (`found`).
   */
  readonly devDatabases: { readonly checked: number; readonly found: number; readonly examples: number };
}

/**
 * The SFT set of Spider train: for each example, exactly the messages `t2sql generate` sends for a
 * chat run with the same schema and shots (they are built by the same function, `buildRunItems`),
 * and the gold SQL as the assistant's reply. `train_others.json` is used when present; its absence
 * is reported in `sources`. Throws DevDatabaseInTrainingError if a dev database would appear.
 */
export function buildSftDataset(paths: SpiderPaths, options: SftOptions): SftDataset {
  if (!Number.isInteger(options.maxTokens) || options.maxTokens <= 0) throw new RangeError(`maxTokens must be a positive integer, not ${options.maxTokens}`);
  const counter = options.tokenCounter ?? defaultTokenCounter();
  const base = spiderPromptInputs(paths, 'train');
  const devDbs = devDatabaseIds(paths);
  const files: { name: SftSourceName; file: string }[] = [
    { name: 'train_spider', file: paths.trainSpider },
    { name: 'train_others', file: paths.trainOthers },
  ];
  // "The first N of each file": N beyond the largest file is a mistake, not a silent "all".
  if (options.limit !== undefined) {
    const present = files.filter((f) => fs.existsSync(f.file));
    const largest = Math.max(0, ...present.map((f) => (f.name === 'train_spider' ? base.examples.length : readFewShotExamples(f.file).length)));
    if (options.limit > largest) throw new InputError(`--limit ${options.limit} is more than the ${largest} examples of the largest training file`, { file: present[0]?.file ?? paths.trainSpider });
  }
  const examples: SftExample[] = [];
  const overBudget: OverBudgetExample[] = [];
  const sources: SftSourceStatus[] = [];
  let scanned = 0;
  let promptVersion = '';
  for (const { name, file } of files) {
    if (!fs.existsSync(file)) {
      sources.push({ name, file, present: false, note: `${file} is absent: the set holds ${name === 'train_others' ? 'train_spider.json only (Spider train without the 1,659 train_others examples)' : 'no train_spider examples'}` });
      continue;
    }
    const inputs: PromptInputs = name === 'train_spider' ? base : { ...base, examples: readFewShotExamples(file) };
    const limited = options.limit === undefined ? inputs.examples : inputs.examples.slice(0, options.limit);
    inputs.examples.forEach((e, index) => {
      if (devDbs.has(e.dbId)) throw new DevDatabaseInTrainingError(e.dbId, file, index);
    });
    scanned += inputs.examples.length;
    const built = buildRunItems(inputs, {
      prompt: { schema: options.schema, shots: options.shots, options: options.source ? { source: options.source } : {} },
      api: 'chat',
      limit: limited.length,
    });
    promptVersion = built.promptVersion;
    for (const item of built.items) {
      if (item.prompt.kind !== 'chat') throw new Error('chat prompts expected');
      const gold = limited[item.index]!;
      const messages: ChatMessage[] = [...item.prompt.messages, { role: 'assistant', content: gold.query.trim() }];
      const tokens = messages.reduce((sum, m) => sum + counter.count(chatMlMessage(m)), 0);
      if (tokens > options.maxTokens) overBudget.push({ source: name, index: item.index, dbId: gold.dbId, tokens });
      else examples.push({ messages, db_id: gold.dbId, index: item.index, source: name, tokens });
    }
    sources.push({ name, file, present: true, examples: limited.length });
  }
  if (examples.length === 0 && overBudget.length === 0) throw new InputError('no training examples found', { file: paths.trainSpider });
  return { examples, overBudget, sources, promptVersion, tokenizer: counter.name, devDatabases: { checked: devDbs.size, found: new Set(examples.filter((e) => devDbs.has(e.db_id)).map((e) => e.db_id)).size, examples: scanned } };
}

function devDatabaseIds(paths: SpiderPaths): Set<string> {
  if (!fs.existsSync(paths.dev)) throw new InputError('missing Spider dev.json, needed to prove no dev database enters training (run `t2sql data spider`)', { file: paths.dev });
  return new Set(readFewShotExamples(paths.dev).map((e) => e.dbId));
}
