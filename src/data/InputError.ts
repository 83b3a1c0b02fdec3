/**
 * A problem with something the user gave us (a file, a flag, a line of input).
 * The CLI prints it as `file:line:col: message` and exits non-zero, without a stack trace.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly where: { file?: string; line?: number; column?: number } = {},
  ) {
    super(message);
  }

  /** `file:line:col: message`, omitting the parts we do not know. */
  describe(): string {
    const { file, line, column } = this.where;
    const loc = [file, line, line !== undefined ? column : undefined].filter((p) => p !== undefined).join(':');
    return loc ? `${loc}: ${this.message}` : this.message;
  }
}
