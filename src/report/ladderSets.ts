/**
 * Every published set a ladder claim (specs/ladder) is about, so every one REPORT.md shows:
 * `t2sql report` refuses a claims results file whose runs leave one out (what a run of fewer
 * specs than the ladder writes). The ladder's global setup checks and pre-scores the same sets.
 */
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

/** The NL2SQL360 fine-tuning data-size series (each set is `<series>-<examples>`). */
export function FT_SIZE_SERIES(): string[] {
  return [
    ...['codellama-7b', 'deepseek-coder-7b', 'llama2-7b', 'llama3-8b', 'starcoder-7b'].map((m) => `nl2sql360-ftsize-${m}`),
    ...['deepseek_coder_7b', 'llama3_8b', 'resdsql_text2sql_3b', 'resdsql_text2sql_base', 'resdsql_text2natsql_3b', 'resdsql_text2natsql_base'].map(
      (m) => `nl2sql360-ftsize2-${m}`,
    ),
  ];
}
