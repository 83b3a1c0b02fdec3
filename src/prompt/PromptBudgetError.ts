/**
 * The schema alone (with every example and sample dropped) does not fit the token budget. The
 * schema is never cut: a truncated schema would be a different, silently wrong, prompt.
 */
export class PromptBudgetError extends Error {
  override readonly name = 'PromptBudgetError';
  constructor(
    readonly tokens: number,
    readonly budget: number,
    readonly schemaRepresentation: string,
    readonly tokenizer: string,
  ) {
    super(`the prompt needs ${tokens} tokens with no examples and no samples (${schemaRepresentation}, ${tokenizer}); the budget is ${budget}`);
  }
}
