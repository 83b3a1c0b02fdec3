import fs from 'node:fs';
import { InputError } from '../../data/InputError.ts';
import { spiderPaths } from '../../data/spiderPaths.ts';
import { buildPrompt, type BuiltPrompt } from '../../prompt/buildPrompt.ts';
import { estimateTokenCounter } from '../../prompt/estimateTokenCounter.ts';
import { fewShotPool, fewShotSelectors } from '../../prompt/fewShotPool.ts';
import { PromptBudgetError } from '../../prompt/PromptBudgetError.ts';
import { qwenTokenCounter } from '../../prompt/qwenTokenCounter.ts';
import { readFewShotExamples } from '../../prompt/readFewShotExamples.ts';
import { schemaContext } from '../../prompt/schemaContext.ts';
import { parseRepresentation, representationChoices, representationTraits } from '../../schema/Representation.ts';
import type { Schema } from '../../schema/Schema.ts';
import { readSchemaSamples } from '../../schema/readSchemaSamples.ts';
import { readTablesJson } from '../../schema/readTablesJson.ts';
import { schemaFromSqlite } from '../../schema/schemaFromSqlite.ts';
import { schemaFromTablesJson } from '../../schema/schemaFromTablesJson.ts';
import type { Command } from '../Command.ts';
import { dataRootFor, oneOf, parsePositiveInt, parseFlags } from '../_internals/common.ts';

const help = `t2sql prompt — print the exact prompt a model would see for one question.

Usage:
  t2sql prompt --db DB_ID --question TEXT [--schema REP] [--shots N] [--selector random|bm25|dail]
               [--seed N] [--budget TOKENS] [--json | --text] [--data DIR]

Options:
  --db DB_ID          a Spider database (tables.json db_id)
  --question TEXT     the question
  --schema REP        schema representation: ${representationChoices}
                      (default keys; k = sample rows per table / values per column, default 3)
  --source SRC        where the schema comes from: sqlite (default: the database file, with
                      declared types and whole composite keys) or tables (tables.json as is)
  --shots N           examples from Spider train (default 0); never from the same database
                      unless --allow-same-db
  --selector NAME     random (seeded), bm25 (question similarity, default) or dail (similarity
                      of questions with schema words, numbers and values masked)
  --seed N            seed of the random selector (default 0)
  --budget TOKENS     most tokens the prompt may take: examples are dropped first, then sample
                      rows/values; an error if the schema alone does not fit
  --tokenizer NAME    qwen2.5 (default), qwen3, or estimate (digits + UTF-8 bytes / 2.5)
  --lowercase         lower-case table and column names
  --quote STYLE       identifier quoting: auto (default), always, none
  --json              print the whole built prompt (messages, text, hash, tokens…) as JSON
  --text              print the flattened prompt for completion (base) models
  --data DIR          data root (else $T2SQL_DATA, ./data, ../shared)

Default output: each chat message under a [role] header on stdout; a summary line (representation,
shots, tokens, tokenizer, sha256) on stderr.
`;

const options = {
  db: { type: 'string' },
  question: { type: 'string' },
  schema: { type: 'string' },
  source: { type: 'string' },
  shots: { type: 'string' },
  selector: { type: 'string' },
  seed: { type: 'string' },
  budget: { type: 'string' },
  tokenizer: { type: 'string' },
  lowercase: { type: 'boolean' },
  quote: { type: 'string' },
  'allow-same-db': { type: 'boolean' },
  json: { type: 'boolean' },
  text: { type: 'boolean' },
  data: { type: 'string' },
} as const;


export const command: Command = {
  name: 'prompt',
  summary: 'print the prompt for a question (schema representation, few-shot examples, tokens)',
  help,
  async run(ctx) {
    const { values } = parseFlags(ctx.argv, options);
    if (!values.db) throw new InputError('--db DB_ID is required (see --help)');
    if (values.question === undefined || values.question.trim() === '') throw new InputError('--question TEXT is required (see --help)');
    if (values.json && values.text) throw new InputError('--json and --text exclude each other');
    const representation = parseRepresentation(values.schema ?? 'keys');
    const source = oneOf(values.source, ['sqlite', 'tables'] as const, '--source') ?? 'sqlite';
    const shots = values.shots === undefined || values.shots === '0' ? 0 : (parsePositiveInt(values.shots, '--shots') ?? 0);
    const selector = oneOf(values.selector, fewShotSelectors, '--selector') ?? 'bm25';
    const seed = values.seed === undefined ? 0 : Number(values.seed);
    if (!Number.isSafeInteger(seed)) throw new InputError(`--seed expects an integer, got '${values.seed}'`);
    const budget = parsePositiveInt(values.budget, '--budget');
    const tokenizer = oneOf(values.tokenizer, ['qwen2.5', 'qwen3', 'estimate'] as const, '--tokenizer') ?? 'qwen2.5';
    const quote = oneOf(values.quote, ['auto', 'always', 'none'] as const, '--quote') ?? 'auto';

    const paths = spiderPaths(dataRootFor(ctx, values.data).dir);
    if (!fs.existsSync(paths.tables)) throw new InputError('no Spider tables.json here (use --data DIR or T2SQL_DATA)', { file: paths.tables });
    const entries = readTablesJson(paths.tables);
    const entry = entries.find((e) => e.db_id === values.db);
    if (!entry) {
      const wanted = values.db;
      const near = entries
        .map((e) => ({ id: e.db_id, d: editDistance(e.db_id, wanted) }))
        .filter((x) => x.d <= Math.max(2, wanted.length / 4))
        .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
        .map((x) => x.id);
      throw new InputError(`unknown database '${values.db}'${near.length ? ` (did you mean ${near.slice(0, 5).join(', ')}?)` : ''}`, { file: paths.tables });
    }
    const dbFile = paths.database(entry.db_id);
    const schema: Schema = source === 'tables' ? schemaFromTablesJson(entry) : schemaFromSqlite(dbFile, { dbId: entry.db_id });
    const traits = representationTraits(representation);
    const samples = traits.rows > 0 || traits.values > 0 ? readSchemaSamples(dbFile, schema, { rows: traits.rows, values: traits.values }) : undefined;

    const pool =
      shots > 0
        ? fewShotPool(readFewShotExamples(paths.trainSpider), {
            schemas: new Map(entries.map((e) => [e.db_id, schemaFromTablesJson(e)])),
          })
        : undefined;

    let prompt: BuiltPrompt;
    try {
      prompt = buildPrompt(
        { question: values.question, schema: schemaContext(schema, samples ? { samples } : {}), ...(pool ? { pool } : {}) },
        {
          representation,
          serialize: { lowercase: values.lowercase ?? false, quote },
          shots,
          selector,
          seed,
          allowSameDb: values['allow-same-db'] ?? false,
          ...(budget ? { budget } : {}),
          tokenCounter: tokenizer === 'estimate' ? estimateTokenCounter() : qwenTokenCounter({ vocabulary: tokenizer }),
        },
      );
    } catch (err) {
      if (err instanceof PromptBudgetError) throw new InputError(err.message);
      throw err;
    }

    if (values.json) {
      ctx.stdout.write(JSON.stringify(prompt, null, 2) + '\n');
      return 0;
    }
    if (values.text) ctx.stdout.write(prompt.text + '\n');
    else ctx.stdout.write(prompt.messages.map((m) => `[${m.role}]\n${m.content}\n`).join('\n'));
    const dropped = Object.entries(prompt.dropped).filter(([, n]) => n > 0).map(([what, n]) => `${n} ${what}`);
    ctx.stderr.write(
      `# ${prompt.schemaRepresentation} · ${prompt.shots} shot${prompt.shots === 1 ? '' : 's'}${shots > 0 ? ` (${selector})` : ''} · ` +
        `${prompt.tokens} tokens, ${prompt.tokenizer}${dropped.length ? ` · budget dropped ${dropped.join(', ')}` : ''} · sha256 ${prompt.hash}\n`,
    );
    return 0;
  },
};

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
