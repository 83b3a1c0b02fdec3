import type { CliContext, Command } from './Command.ts';
import { parseFlags, type FlagSpecs, type FlagValues, type ParseFlagsOptions } from './_internals/flags.ts';

/** What a command says about itself in `t2sql --help` and `t2sql <name> --help`. */
interface CommandInfo {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
}

/** Typed flags (and positionals) and what runs with their parsed values. */
export interface FlaggedRun<S extends FlagSpecs> {
  readonly flags: S;
  readonly positionals?: ParseFlagsOptions['positionals'];
  run(ctx: CliContext, values: FlagValues<S>, positionals: string[]): Promise<number>;
}

/** Parses its argv and runs: a command's body, or one of its subcommands. */
export type Action = (ctx: CliContext, argv: readonly string[]) => Promise<number>;

/** Subcommands picked by the first argument (each parses the arguments after it); `otherwise` runs when it names none. */
interface Subcommands {
  readonly subcommands: Readonly<Record<string, Action>>;
  otherwise(ctx: CliContext, first: string | undefined): Promise<number>;
}

/** A FlaggedRun as an Action: unknown flags and out-of-range values are InputErrors before `run`. */
export function flagged<const S extends FlagSpecs>(spec: FlaggedRun<S>): Action {
  return async (ctx, argv) => {
    const { values, positionals } = parseFlags(argv, spec.flags, { positionals: spec.positionals ?? false });
    return spec.run(ctx, values, positionals);
  };
}

/** One `t2sql <name>` command: its flags parsed by their typed specs, then its run. */
export function defineCommand<const S extends FlagSpecs>(spec: CommandInfo & FlaggedRun<S>): Command;
/** A command with subcommands (`t2sql data spider`, …), each with its own flags. */
export function defineCommand(spec: CommandInfo & Subcommands): Command;
export function defineCommand(spec: CommandInfo & (FlaggedRun<FlagSpecs> | Subcommands)): Command {
  const { name, summary, help } = spec;
  if (!('subcommands' in spec)) {
    const action = flagged(spec);
    return { name, summary, help, run: (ctx) => action(ctx, ctx.argv) };
  }
  return {
    name,
    summary,
    help,
    async run(ctx) {
      const [first, ...rest] = ctx.argv;
      const sub = first === undefined ? undefined : Object.hasOwn(spec.subcommands, first) ? spec.subcommands[first] : undefined;
      return sub ? sub(ctx, rest) : spec.otherwise(ctx, first);
    },
  };
}
