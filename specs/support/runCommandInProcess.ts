import { PassThrough } from 'node:stream';
import type { CliContext, Command } from '../../src/cli/Command.ts';

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in this process, as runCli would after its name, with stdout and stderr captured (not a TTY). */
export async function runCommandInProcess(command: Command, argv: string[], options: { env: CliContext['env']; cwd: string }): Promise<CommandRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  const captured = { stdout: '', stderr: '' };
  out.on('data', (c: Buffer) => (captured.stdout += c.toString()));
  err.on('data', (c: Buffer) => (captured.stderr += c.toString()));
  const code = await command.run({ argv, env: options.env, cwd: options.cwd, stdout: out, stderr: err });
  return { code, ...captured };
}
