import { spiderPaths } from '../../data/spiderPaths.ts';
import { InputError } from '../../data/InputError.ts';
import { withSpiderRepair } from '../../data/repairCommand.ts';
import { buildPrompt, type BuiltPrompt } from '../../prompt/buildPrompt.ts';
import { estimateTokenCounter } from '../../prompt/estimateTokenCounter.ts';
import { fewShotPool, fewShotSelectors } from '../../prompt/fewShotPool.ts';
import { PromptBudgetError } from '../../prompt/PromptBudgetError.ts';
import { qwenTokenCounter } from '../../prompt/qwenTokenCounter.ts';
import { readFewShotExamples } from '../../prompt/readFewShotExamples.ts';
import { schemaContext } from '../../prompt/schemaContext.ts';
import { loadSpiderSchema } from '../../schema/loadSpiderSchema.ts';
import { parseRepresentation, representationChoices, representationTraits } from '../../schema/Representation.ts';
import { readSchemaSamples } from '../../schema/readSchemaSamples.ts';
import { schemaFromTablesJson } from '../../schema/schemaFromTablesJson.ts';
import { dataRootFor } from '../_internals/common.ts';
import { defineCommand } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';

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
  --shots N           examples from Spider train (default 0, at most 100); never from the same database
                      unless --allow-same-db
  --selector NAME     random (seeded), bm25 (question similarity, default) or dail (similarity
                      of questions with schema words, numbers and values masked)
  --seed N            seed of the random selector (default 0; any integer within ±(2^53 - 1))
  --budget TOKENS     most tokens the prompt may take (1 to 10000000): examples are dropped first, then sample
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

const flags = {
  db: flag.requiredString('DB_ID'),
  question: flag.requiredString('TEXT'),
  schema: flag.stringOr('keys'),
  source: flag.choice(['sqlite', 'tables'], 'sqlite'),
  shots: flag.int({ min: 0, max: 100, default: 0 }),
  selector: flag.choice(fewShotSelectors, 'bm25'),
  seed: flag.seed(0),
  budget: flag.int({ min: 1, max: 10_000_000 }),
  tokenizer: flag.choice(['qwen2.5', 'qwen3', 'estimate'], 'qwen2.5'),
  lowercase: flag.boolean(),
  quote: flag.choice(['auto', 'always', 'none'], 'auto'),
  'allow-same-db': flag.boolean(),
  json: flag.boolean(),
  text: flag.boolean(),
  data: flag.string(),
};

export const command = defineCommand({
  name: 'prompt',
  summary: 'print the prompt for a question (schema representation, few-shot examples, tokens)',
  help,
  flags,
  async run(ctx, v) {
    if (v.question.trim() === '') throw new InputError('--question TEXT is required (see --help)');
    if (v.json && v.text) throw new InputError('--json and --text exclude each other');
    const representation = parseRepresentation(v.schema);
    const root = dataRootFor(ctx, v.data).dir;
    const { schema, databaseFile, entries } = loadSpiderSchema(root, v.db, v.source);
    const traits = representationTraits(representation);
    const samples = traits.rows > 0 || traits.values > 0 ? readSchemaSamples(databaseFile, schema, { rows: traits.rows, values: traits.values }) : undefined;
    const pool =
      v.shots > 0
        ? fewShotPool(withSpiderRepair(root, () => readFewShotExamples(spiderPaths(root).trainSpider)), { schemas: new Map(entries.map((e) => [e.db_id, schemaFromTablesJson(e)])) })
        : undefined;

    let prompt: BuiltPrompt;
    try {
      prompt = buildPrompt(
        { question: v.question, schema: schemaContext(schema, samples ? { samples } : {}), ...(pool ? { pool } : {}) },
        {
          representation,
          serialize: { lowercase: v.lowercase, quote: v.quote },
          shots: v.shots,
          selector: v.selector,
          seed: v.seed,
          allowSameDb: v['allow-same-db'],
          ...(v.budget ? { budget: v.budget } : {}),
          tokenCounter: v.tokenizer === 'estimate' ? estimateTokenCounter() : qwenTokenCounter({ vocabulary: v.tokenizer }),
        },
      );
    } catch (err) {
      if (err instanceof PromptBudgetError) throw new InputError(err.message);
      throw err;
    }

    if (v.json) {
      ctx.stdout.write(JSON.stringify(prompt, null, 2) + '\n');
      return 0;
    }
    if (v.text) ctx.stdout.write(prompt.text + '\n');
    else ctx.stdout.write(prompt.messages.map((m) => `[${m.role}]\n${m.content}\n`).join('\n'));
    const dropped = Object.entries(prompt.dropped).filter(([, n]) => n > 0).map(([what, n]) => `${n} ${what}`);
    ctx.stderr.write(
      `# ${prompt.schemaRepresentation} · ${prompt.shots} shot${prompt.shots === 1 ? '' : 's'}${v.shots > 0 ? ` (${v.selector})` : ''} · ` +
        `${prompt.tokens} tokens, ${prompt.tokenizer}${dropped.length ? ` · budget dropped ${dropped.join(', ')}` : ''} · sha256 ${prompt.hash}\n`,
    );
    return 0;
  },
});
