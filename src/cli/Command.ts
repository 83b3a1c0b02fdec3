/** What a command may touch: its arguments, the environment and the terminal, passed in. */
export interface CliContext {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** One `t2sql <name>` subcommand: its help text and what it does; returns the exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  run(ctx: CliContext): Promise<number>;
}
