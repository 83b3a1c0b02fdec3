import { createHash } from 'node:crypto';
import type { Schema } from '../schema/Schema.ts';
import { representationId, toRepresentation, type Representation, type RepresentationName } from '../schema/Representation.ts';
import type { SerializeOptions } from '../schema/serializeSchema.ts';
import type { ChatMessage } from './ChatMessage.ts';
import type { FewShotExample } from './FewShotExample.ts';
import type { FewShotPool, FewShotSelector, SelectedExample } from './fewShotPool.ts';
import { countChatTokens } from './countChatTokens.ts';
import { defaultTokenCounter } from './defaultTokenCounter.ts';
import { PromptBudgetError } from './PromptBudgetError.ts';
import { isSchemaContext, schemaContext, type SchemaContext } from './schemaContext.ts';
import type { TokenCounter } from './TokenCounter.ts';
import { tidySql } from './_internals/tidySql.ts';

/** Version of the prompt layout below; part of every prompt hash. Bump when the wording changes. */
export const promptFormat = 'prompt@1';

export const defaultSystemPrompt =
  'You are a SQLite expert. Given a database schema and a question, write one SQLite query that answers the question. Reply with the SQL query only.';

export interface PromptInput {
  readonly question: string;
  /** The question's database. A SchemaContext (`schemaContext(schema, { samples })`, one per
   *  database) memoizes serializations and carries the samples `ddl+rows` and `mschema` need. */
  readonly schema: Schema | SchemaContext;
  /** Where examples come from; required when `shots` > 0. Build it once (`fewShotPool`). */
  readonly pool?: FewShotPool;
}

export interface PromptOptions {
  /** Default 'keys'. */
  representation?: Representation | RepresentationName;
  serialize?: Omit<SerializeOptions, 'samples'>;
  /** Examples to show. Default 0. */
  shots?: number;
  /** Default 'bm25'. */
  selector?: FewShotSelector;
  /** Seed of the `random` selector. Default 0. */
  seed?: number;
  /** Allow examples from the question's own database. Default false. */
  allowSameDb?: boolean;
  /** Most tokens the chat prompt may take (see BuiltPrompt.tokens). Default: no limit. */
  budget?: number;
  /** Default: Qwen2.5's tokenizer (`defaultTokenCounter`). */
  tokenCounter?: TokenCounter;
  /** Default `defaultSystemPrompt`. */
  system?: string;
}

export interface BuiltPrompt {
  readonly messages: readonly ChatMessage[];
  /** The same prompt flattened for completion-style (base) models; ends with `SQL:`. */
  readonly text: string;
  /** sha256 (hex) of the format version, the messages and the text: what the model is shown. */
  readonly hash: string;
  /** Representation actually used, with version (`keys@1`); less than asked if samples were dropped. */
  readonly schemaRepresentation: string;
  /** Examples shown. */
  readonly shots: number;
  readonly examples: readonly FewShotExample[];
  /** Tokens of `messages` in Qwen's chat template with the generation prompt (`renderChatMl`). */
  readonly tokens: number;
  readonly tokenizer: string;
  /** What the budget removed: examples, sample rows per table (ddl+rows), values per column (mschema). */
  readonly dropped: { readonly examples: number; readonly sampleRows: number; readonly sampleValues: number };
  /** Stop sequences that end an answer continuing `text`. */
  readonly stop: readonly string[];
  readonly format: string;
}

/**
 * A zero- or few-shot text-to-SQL prompt: a system instruction, each example as a user question and
 * an assistant SQL answer (least similar first, so the most similar sits next to the question), then
 * the schema and the question. Over budget, it drops examples first, then sample rows or values, and
 * throws PromptBudgetError if the schema alone does not fit; it never cuts the schema.
 * Deterministic: the same input and options give the same prompt and hash.
 */
export function buildPrompt(input: PromptInput, options: PromptOptions = {}): BuiltPrompt {
  const shots = options.shots ?? 0;
  if (!Number.isInteger(shots) || shots < 0) throw new RangeError(`shots must be a non-negative integer, not ${shots}`);
  if (options.budget !== undefined && !(options.budget > 0)) throw new RangeError(`budget must be positive, not ${options.budget}`);
  if (shots > 0 && !input.pool) throw new Error('few-shot prompts need a pool of examples (fewShotPool)');
  const context = isSchemaContext(input.schema) ? input.schema : schemaContext(input.schema);
  const counter = options.tokenCounter ?? defaultTokenCounter();
  const system = options.system ?? defaultSystemPrompt;
  const question = input.question.trim();

  const selected: SelectedExample[] =
    shots > 0 && input.pool
      ? input.pool.select({
          question,
          dbId: context.schema.dbId,
          schema: context.schema,
          k: shots,
          selector: options.selector ?? 'bm25',
          seed: options.seed ?? 0,
          allowSameDb: options.allowSameDb ?? false,
        })
      : [];
  let rep = toRepresentation(options.representation ?? 'keys');
  const dropped = { examples: 0, sampleRows: 0, sampleValues: 0 };

  for (;;) {
    const examples = selected.map((s) => s.example).reverse();
    const schemaText = context.text(rep, options.serialize ?? {});
    const messages = assemble(system, examples, schemaText, question);
    const tokens = countChatTokens(messages, counter);
    if (options.budget === undefined || tokens <= options.budget) {
      const text = flatten(system, examples, schemaText, question);
      return {
        messages,
        text,
        hash: createHash('sha256').update(JSON.stringify({ format: promptFormat, messages: messages.map((m) => [m.role, m.content]), text })).digest('hex'),
        schemaRepresentation: representationId(rep),
        shots: examples.length,
        examples,
        tokens,
        tokenizer: counter.name,
        dropped,
        stop: ['\n\n', '\nQuestion:'],
        format: promptFormat,
      };
    }
    if (selected.length > 0) {
      selected.pop(); // the least similar
      dropped.examples++;
    } else if (rep.kind === 'ddl+rows') {
      rep = rep.rows > 1 ? { kind: 'ddl+rows', rows: rep.rows - 1 } : { kind: 'ddl' };
      dropped.sampleRows++;
    } else if (rep.kind === 'mschema' && rep.values > 0) {
      rep = { kind: 'mschema', values: rep.values - 1 };
      dropped.sampleValues++;
    } else {
      throw new PromptBudgetError(tokens, options.budget, representationId(rep), counter.name);
    }
  }
}

function exampleQuestion(e: FewShotExample): string {
  return `Question: ${e.question.trim()}`;
}

function target(schemaText: string, question: string): string {
  return `Database schema:\n${schemaText}\n\nQuestion: ${question}`;
}

function assemble(system: string, examples: readonly FewShotExample[], schemaText: string, question: string): ChatMessage[] {
  return [
    { role: 'system', content: system },
    ...examples.flatMap((e): ChatMessage[] => [
      { role: 'user', content: exampleQuestion(e) },
      { role: 'assistant', content: tidySql(e.query) },
    ]),
    { role: 'user', content: target(schemaText, question) },
  ];
}

function flatten(system: string, examples: readonly FewShotExample[], schemaText: string, question: string): string {
  return [system, ...examples.map((e) => `${exampleQuestion(e)}\nSQL: ${tidySql(e.query)}`), `${target(schemaText, question)}\nSQL:`].join('\n\n');
}
