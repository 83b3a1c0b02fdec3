import path from 'node:path';
import { publishedRunSources } from '../../../src/claims/publishedRunSources.ts';
import { resolveDataRoot } from '../../../src/data/dataRoot.ts';
import type { EvaluatedRun } from '../../../src/evaluate/EvaluatedRun.ts';
import { evaluateRunsCached } from '../../../src/evaluate/evaluateRunsCached.ts';

/** Every published set a ladder spec uses; the global setup checks and pre-scores them all. */
export const LADDER_SETS = [
  // 1. size ladders
  'resdsql-base', 'resdsql-large', 'resdsql-3b',
  'resdsql-base-natsql', 'resdsql-large-natsql', 'resdsql-3b-natsql',
  'codes-1b-sft', 'codes-3b-sft', 'codes-7b-sft', 'codes-15b-sft',
  // 5. independent re-runs
  'nl2sql360-codes-1b-sft-rerun', 'nl2sql360-codes-3b-sft-rerun', 'nl2sql360-codes-7b-sft-rerun', 'nl2sql360-codes-15b-sft-rerun',
  // 3. base vs fine-tuned
  ...['codellama-7b', 'deepseek-coder-7b', 'llama2-7b', 'llama3-8b', 'starcoder-7b'].flatMap((m) => [`nl2sql360-${m}-base`, `nl2sql360-${m}-sft`]),
  // 4. prompting
  'gpt4-zeroshot', 'gpt4-fewshot', 'dinsql-gpt4', 'codex-fewshot', 'dinsql-codex',
  // 6. fine-tuning data size: the two ends of every series
  ...FT_SIZE_SERIES().flatMap((s) => [`${s}-500`, `${s}-7000`]),
] as const;

export function FT_SIZE_SERIES(): string[] {
  return [
    ...['codellama-7b', 'deepseek-coder-7b', 'llama2-7b', 'llama3-8b', 'starcoder-7b'].map((m) => `nl2sql360-ftsize-${m}`),
    ...['deepseek_coder_7b', 'llama3_8b', 'resdsql_text2sql_3b', 'resdsql_text2sql_base', 'resdsql_text2natsql_3b', 'resdsql_text2natsql_base'].map(
      (m) => `nl2sql360-ftsize2-${m}`,
    ),
  ];
}

export function ladderDataRoot(): string {
  return resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
}

/** $T2SQL_HOME, where the ladder's gold results and run verdicts are cached. */
export function ladderHome(): string {
  return path.resolve(process.env.T2SQL_HOME ?? '.t2sql');
}

/** Verdicts of the named published sets (scored once, then read from the on-disk cache). */
export async function ladderRuns(names: readonly string[]): Promise<Map<string, EvaluatedRun>> {
  const root = ladderDataRoot();
  const { present, missing } = publishedRunSources(root, names);
  if (missing.length > 0) {
    throw new Error(`published predictions missing under ${root}: ${missing.join(', ')} (run: npx t2sql data predictions)`);
  }
  return evaluateRunsCached(present, { dataRoot: root, home: ladderHome() });
}
