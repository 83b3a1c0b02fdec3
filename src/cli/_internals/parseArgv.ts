import { parseArgs } from 'node:util';
import { InputError } from '../../data/InputError.ts';

export type ArgvConfig = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
export type RawValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * Node's `parseArgs` (strict), with a negative number after a flag that takes a value read as
 * its value, and its errors (unknown flag, missing value) as one-line InputErrors.
 */
export function parseArgv(argv: readonly string[], config: ArgvConfig, allowPositionals: boolean): { values: RawValues; positionals: string[] } {
  try {
    return parseArgs({ args: negativeValuesJoined(argv, config), options: config, allowPositionals, strict: true });
  } catch (err) {
    // One line: Node's message runs over several (and suggests '--x=-XYZ' for negative values).
    const lines = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Did you forget'));
    throw new InputError(`${lines.join(' ')} (see --help)`);
  }
}

/** `--seed -7` as `--seed=-7`: a negative number after a flag that takes a value is its value. */
function negativeValuesJoined(argv: readonly string[], config: ArgvConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (/^--[^=]+$/.test(arg) && config[arg.slice(2)]?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) out.push(`${arg}=${argv[++i]}`);
    else out.push(arg);
  }
  return out;
}
