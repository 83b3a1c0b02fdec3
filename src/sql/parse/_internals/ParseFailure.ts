import type { ParseError, ParseErrorCode } from '../ParseError.ts';

/** Thrown inside the parser, where the official code raises; `parseSpiderSql` turns it into data. */
export class ParseFailure extends Error implements ParseError {
  override readonly name = 'ParseFailure';
  constructor(
    readonly code: ParseErrorCode,
    message: string,
    readonly at: number | null,
  ) {
    super(message);
  }

  toParseError(): ParseError {
    return { code: this.code, message: this.message, at: this.at };
  }
}
