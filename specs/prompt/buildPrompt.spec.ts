import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { buildPrompt, type BuiltPrompt, type PromptOptions } from '../../src/prompt/buildPrompt.ts';
import { PromptBudgetError } from '../../src/prompt/PromptBudgetError.ts';
import { qwenTokenCounter } from '../../src/prompt/qwenTokenCounter.ts';
import { renderChatMl } from '../../src/prompt/renderChatMl.ts';
import { schemaContext, type SchemaContext } from '../../src/prompt/schemaContext.ts';
import { parseSchemaText } from '../../src/schema/parseSchemaText.ts';
import { readSchemaSamples } from '../../src/schema/readSchemaSamples.ts';
import { parseRepresentation, type RepresentationName } from '../../src/schema/Representation.ts';
import { schemaFromSqlite } from '../../src/schema/schemaFromSqlite.ts';
import { serializeSchema } from '../../src/schema/serializeSchema.ts';
import { shownSchemaInfo } from '../../src/schema/shownSchemaInfo.ts';
import { fcParams } from '../support/fastCheck.ts';
import { paths, requireSpider, spiderData, spiderPresent } from './support/spiderData.ts';

const qwen = qwenTokenCounter();
const contexts = new Map<string, SchemaContext>();
function context(dbId: string): SchemaContext {
  let c = contexts.get(dbId);
  if (!c) {
    const schema = schemaFromSqlite(paths.database(dbId));
    contexts.set(dbId, (c = schemaContext(schema, { samples: readSchemaSamples(paths.database(dbId), schema) })));
  }
  return c;
}
const schemaOf = (p: BuiltPrompt) => p.messages.at(-1)!.content.replace(/^Database schema:\n/, '').replace(/\n\nQuestion: [^\n]*$/, '');

describe('buildPrompt on Spider dev questions', () => {
  requireSpider();
  const data = spiderPresent ? spiderData() : undefined;
  beforeAll(() => {
    const started = performance.now();
    qwen.count('load the tokenizer once for this file');
    console.info(`Qwen2.5 tokenizer loaded in ${Math.round(performance.now() - started)} ms`);
  });
  const build = (question: string, dbId: string, options: PromptOptions = {}) =>
    buildPrompt({ question, schema: context(dbId), pool: data!.pool }, { tokenCounter: qwen, ...options });

  it('zero-shot: the instruction, then the schema and the question', () => {
    const p = build('How many singers do we have?', 'concert_singer', { representation: 'keys' });
    expect(p.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(p.messages[1]!.content).toBe(`Database schema:\n${serializeSchema(context('concert_singer').schema, 'keys')}\n\nQuestion: How many singers do we have?`);
    expect(p).toMatchObject({ shots: 0, schemaRepresentation: 'keys@1', dropped: { examples: 0, sampleRows: 0, sampleValues: 0 } });
    expect(p.text.endsWith('\nSQL:')).toBe(true);
    expect(p.text).toContain(p.messages[0]!.content);
    expect(p.text).toContain(p.messages[1]!.content);
  });

  it('k-shot: k question/SQL turns from other databases, least similar first, then the question', () => {
    const q = 'What are the names of singers older than 30?';
    const p = build(q, 'concert_singer', { shots: 3, selector: 'bm25' });
    expect(p.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    const ranked = data!.pool.select({ question: q, dbId: 'concert_singer', k: 3, selector: 'bm25', seed: 0, allowSameDb: false });
    expect(p.examples).toEqual(ranked.map((r) => r.example).reverse());
    p.examples.forEach((e, i) => {
      expect(e.dbId).not.toBe('concert_singer');
      expect(p.messages[1 + 2 * i]!.content).toBe(`Question: ${e.question.trim()}`);
      expect(p.messages[2 + 2 * i]!.content.replace(/\s+/g, ' ')).toBe(e.query.replace(/\s+/g, ' ').replace(/\s*;\s*$/, '').trim());
      expect(p.text).toContain(`Question: ${e.question.trim()}\nSQL: ${p.messages[2 + 2 * i]!.content}`);
    });
  });

  it('hash: the same content gives the same hash, any change in content another', () => {
    const q = 'How many singers do we have?';
    const base = build(q, 'concert_singer', { shots: 2 });
    expect(base.hash).toMatch(/^[0-9a-f]{64}$/);
    // Same content, however it was reached: a plain Schema or a context, a fresh pool object.
    expect(buildPrompt({ question: q, schema: context('concert_singer').schema, pool: data!.pool }, { shots: 2, tokenCounter: qwen }).hash).toBe(base.hash);
    expect(build(`  ${q}  `, 'concert_singer', { shots: 2 }).hash).toBe(base.hash);
    const others = [
      build('How many singers are there?', 'concert_singer', { shots: 2 }),
      build(q, 'concert_singer', { shots: 3 }),
      build(q, 'concert_singer', { shots: 2, representation: 'minimal' }),
      build(q, 'concert_singer', { shots: 2, selector: 'random' }),
      build(q, 'concert_singer', { shots: 2, system: 'Write SQL.' }),
      build(q, 'concert_singer', { shots: 2, serialize: { lowercase: true } }),
    ];
    expect(new Set([base.hash, ...others.map((o) => o.hash)]).size).toBe(others.length + 1);
    // The hash is of the content: sha256 over the format version, messages and text.
    const canonical = JSON.stringify({ format: base.format, messages: base.messages.map((m) => [m.role, m.content]), text: base.text });
    expect(base.hash).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('tokens are exactly what the Qwen tokenizer counts in the chat template, for every representation', () => {
    const reps: RepresentationName[] = ['minimal', 'types', 'keys', 'types+keys', 'ddl', 'ddl+rows(3)', 'mschema(3)'];
    const dbs = [...new Set(data!.dev.map((d) => d.dbId))];
    for (const [i, dbId] of dbs.entries()) {
      const question = data!.dev.find((d) => d.dbId === dbId)!.question;
      const p = build(question, dbId, { representation: reps[i % reps.length], shots: i % 4 });
      expect(p.tokens, dbId).toBe(qwen.count(renderChatMl(p.messages)));
      expect(p.tokenizer).toMatch(/^qwen2\.5 /);
    }
  });

  const budgetCase = fc.record({
    dbId: fc.constantFrom('concert_singer', 'pets_1', 'car_1', 'world_1'),
    rep: fc.constantFrom<RepresentationName>('ddl+rows(3)', 'mschema(3)', 'keys'),
    shots: fc.integer({ min: 0, max: 5 }),
    selector: fc.constantFrom('random' as const, 'bm25' as const, 'dail' as const),
    // Where the budget falls, in thousandths of the way from the bare schema to the full prompt.
    at: fc.integer({ min: -100, max: 1100 }),
  });
  test.prop([budgetCase], fcParams(60))(
    'budget: drops examples first, then samples, only as many as needed; never cuts the schema; errors if the schema alone does not fit',
    ({ dbId, rep, shots, selector, at }) => {
      const question = data!.dev.find((d) => d.dbId === dbId)!.question;
      const options = { representation: rep, shots, selector };
      const bare = parseRepresentation(rep).kind === 'ddl+rows' ? 'ddl' : parseRepresentation(rep).kind === 'mschema' ? 'mschema(0)' : rep;
      const floor = build(question, dbId, { representation: bare });
      const full = build(question, dbId, options);
      const budget = Math.max(1, floor.tokens + Math.round(((full.tokens - floor.tokens) * at) / 1000) + (at < 0 ? -1 : 0));
      if (floor.tokens > budget) {
        expect(() => build(question, dbId, { ...options, budget })).toThrow(PromptBudgetError);
        return;
      }
      const p = build(question, dbId, { ...options, budget });
      expect(p.tokens).toBeLessThanOrEqual(budget);
      if (p.dropped.sampleRows + p.dropped.sampleValues > 0) expect(p.shots).toBe(0);
      expect(p.shots).toBe(shots - p.dropped.examples);
      // The schema is whole: every table, column and key of the bare representation is there.
      const used = p.schemaRepresentation.replace(/@\d+$/, '') as RepresentationName;
      const info = parseSchemaText(schemaOf(p), used);
      const whole = shownSchemaInfo(context(dbId).schema, bare, {});
      expect(info.tables.map((t) => ({ ...t, rows: null, columns: t.columns.map((c) => ({ ...c, examples: c.examples && [] })) }))).toEqual(
        whole.tables.map((t) => ({ ...t, rows: null, columns: t.columns.map((c) => ({ ...c, examples: c.examples && [] })) })),
      );
      expect(info.foreignKeys).toEqual(whole.foreignKeys);
      // Nothing dropped that did not need to be: one step less would not fit.
      if (full.tokens <= budget) {
        expect(p.hash).toBe(full.hash);
      } else if (p.dropped.sampleRows + p.dropped.sampleValues > 0) {
        const r = parseRepresentation(used);
        const oneMore = r.kind === 'ddl' ? 'ddl+rows(1)' : r.kind === 'ddl+rows' ? `ddl+rows(${r.rows + 1})` : r.kind === 'mschema' ? `mschema(${r.values + 1})` : used;
        expect(build(question, dbId, { ...options, shots: 0, representation: oneMore as RepresentationName }).tokens).toBeGreaterThan(budget);
      } else {
        expect(build(question, dbId, { ...options, shots: p.shots + 1 }).tokens).toBeGreaterThan(budget);
        expect(build(question, dbId, { ...options, shots: p.shots }).hash).toBe(p.hash);
      }
    },
  );

  it('builds the prompts of all 1,034 dev questions (keys, 3 bm25 shots), each from a cached schema', () => {
    const started = performance.now();
    const prompts = data!.dev.map((d) => build(d.question, d.dbId, { representation: 'keys', shots: 3 }));
    const ms = performance.now() - started;
    console.info(`1,034 dev prompts built and counted in ${Math.round(ms)} ms`);
    expect(prompts).toHaveLength(1034);
    const byHash = new Map<string, string>();
    prompts.forEach((p, i) => {
      const d = data!.dev[i]!;
      expect(p.shots).toBe(3);
      for (const e of p.examples) expect(e.dbId).not.toBe(d.dbId);
      // Equal hashes exactly for equal (question, database): dev repeats some questions.
      const key = `${d.dbId}\u0000${d.question.trim()}`;
      expect(byHash.get(p.hash) ?? key).toBe(key);
      byHash.set(p.hash, key);
    });
    expect(new Set(data!.dev.map((d) => `${d.dbId}\u0000${d.question.trim()}`)).size).toBe(byHash.size);
  });
});
