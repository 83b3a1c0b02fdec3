import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { CliContext } from '../../src/cli/Command.ts';
import { defineCommand, flagged } from '../../src/cli/defineCommand.ts';
import { flag } from '../../src/cli/_internals/flags.ts';
import { InputError } from '../../src/data/InputError.ts';

const ctx = (argv: string[]): CliContext => ({ argv, env: {}, cwd: process.cwd(), stdout: new PassThrough(), stderr: new PassThrough() });

describe('defineCommand', () => {
  const seen: unknown[] = [];
  const command = defineCommand({
    name: 'x',
    summary: 'a command',
    help: 'x help',
    flags: { n: flag.int({ min: 1, max: 10, default: 3 }), name: flag.string() },
    positionals: { count: 1, usage: 'one FILE' },
    async run(_, v, positionals) {
      seen.push({ ...v, positionals });
      return v.n;
    },
  });

  test('parses the typed flags and positionals, then runs with them', async () => {
    expect(command).toMatchObject({ name: 'x', summary: 'a command', help: 'x help' });
    expect(await command.run(ctx(['f', '--n', '7', '--name', 'a']))).toBe(7);
    expect(await command.run(ctx(['g']))).toBe(3);
    expect(seen).toEqual([{ n: 7, name: 'a', positionals: ['f'] }, { n: 3, name: undefined, positionals: ['g'] }]);
  });

  test('bad flags and positionals reject with an InputError before run', async () => {
    seen.length = 0;
    await expect(command.run(ctx(['f', '--n', '11']))).rejects.toThrow(new InputError('--n must be from 1 to 10, got 11'));
    await expect(command.run(ctx(['f', '--nope']))).rejects.toBeInstanceOf(InputError);
    await expect(command.run(ctx([]))).rejects.toThrow('expected one FILE (see --help)');
    expect(seen).toEqual([]);
  });
});

describe('defineCommand with subcommands', () => {
  const command = defineCommand({
    name: 'y',
    summary: 'subcommands',
    help: 'y help',
    subcommands: {
      add: flagged({ flags: { k: flag.int({ min: 0, max: 5, default: 1 }) }, run: async (_, v) => 10 + v.k }),
      list: flagged({ flags: {}, run: async () => 20 }),
    },
    otherwise: async (c, first) => (first === undefined ? 2 : c.argv.length),
  });

  test('the first argument picks the subcommand, which parses the rest against its own flags', async () => {
    expect(await command.run(ctx(['add', '--k', '4']))).toBe(14);
    expect(await command.run(ctx(['list']))).toBe(20);
    await expect(command.run(ctx(['list', '--k', '4']))).rejects.toBeInstanceOf(InputError);
  });

  test('otherwise runs when the first argument names no subcommand (an inherited name included)', async () => {
    expect(await command.run(ctx([]))).toBe(2);
    expect(await command.run(ctx(['--k', '4', 'z']))).toBe(3);
    expect(await command.run(ctx(['toString']))).toBe(1);
  });
});
