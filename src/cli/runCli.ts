import type { CliContext, Command } from './Command.ts';
import { InputError } from '../data/InputError.ts';
import { ExecutionUnavailableError } from '../metrics/ExecutionUnavailableError.ts';

/** Subcommands, loaded lazily so `t2sql eval` does not pay for the tokenizer or the HTTP client. */
const commands: Record<string, () => Promise<Command>> = {
  eval: async () => (await import('./commands/eval.ts')).command,
  data: async () => (await import('./commands/data.ts')).command,
  compare: async () => (await import('./commands/compare.ts')).command,
  prompt: async () => (await import('./commands/prompt.ts')).command,
  generate: async () => (await import('./commands/generate.ts')).command,
  runs: async () => (await import('./commands/runs.ts')).command,
  serve: async () => (await import('./commands/serve.ts')).command,
  train: async () => (await import('./commands/train.ts')).command,
  study: async () => (await import('./commands/study.ts')).command,
  counterexample: async () => (await import('./commands/counterexample.ts')).command,
  report: async () => (await import('./commands/report.ts')).command,
};

export function registeredCommands(): string[] {
  return Object.keys(commands).sort();
}

async function usage(): Promise<string> {
  const summaries = await Promise.all(registeredCommands().map(async (n) => `  ${n.padEnd(14)} ${(await commands[n]!()).summary}`));
  return [
    't2sql — text-to-SQL findings as tests',
    '',
    'Usage: t2sql <command> [options]      (t2sql <command> --help for details)',
    '',
    'Commands:',
    ...summaries,
    '',
    'Main job: npx vitest run specs/ladder (the published findings as claims).',
    '',
    'Data root: --data DIR, else $T2SQL_DATA, else ./data, else ../shared (Spider under <root>/spider/).',
  ].join('\n');
}

export async function runCli(ctx: CliContext): Promise<number> {
  const [name, ...rest] = ctx.argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write((await usage()) + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    const { t2sqlVersion } = await import('../version.ts');
    ctx.stdout.write(`${t2sqlVersion()}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    ctx.stderr.write(`t2sql: unknown command '${name}'\n\n${await usage()}\n`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(command.help.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run({ ...ctx, argv: rest });
  } catch (err) {
    if (err instanceof InputError) {
      ctx.stderr.write(`t2sql ${name}: ${err.describe()}\n`);
      return 1;
    }
    // The query processes could not run (the installation or the machine): no score, one line.
    if (err instanceof ExecutionUnavailableError) {
      ctx.stderr.write(`t2sql ${name}: ${err.message}; no score reported\n`);
      return 1;
    }
    throw err;
  }
}
