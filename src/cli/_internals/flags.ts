import { parseArgs } from 'node:util';
import { InputError } from '../../data/InputError.ts';

/**
 * Typed command-line flags: each flag says what it accepts and turns its raw text into a value,
 * so no command converts or range-checks flags by hand. A value out of range is an InputError
 * naming the flag, the range and what was given.
 */
export interface Flag<T> {
  readonly type: 'string' | 'boolean';
  readonly multiple: boolean;
  /** The raw value (undefined when the flag is absent) to the typed one; throws InputError. */
  parse(raw: string | boolean | string[] | undefined, name: string): T;
}

/** The longest delay Node's timers hold (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

type NumberRange = { readonly min: number; readonly max: number };

function fail(name: string, message: string): never {
  throw new InputError(`--${name} ${message}`);
}

function numberIn(raw: string, name: string, range: NumberRange, integer: boolean, unit = ''): number {
  const n = raw.trim() === '' ? NaN : Number(raw);
  const kind = integer ? 'an integer' : 'a number';
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) fail(name, `expects ${kind} from ${range.min} to ${range.max}${unit}, got '${raw}'`);
  if (n < range.min || n > range.max) fail(name, `must be from ${range.min} to ${range.max}${unit}, got ${raw}`);
  return n;
}

function stringFlag<T>(parse: (raw: string | undefined, name: string) => T): Flag<T> {
  return { type: 'string', multiple: false, parse: (raw, name) => parse(raw as string | undefined, name) };
}

export const flag = {
  /** A free string (a path, a name): undefined when absent. */
  string(): Flag<string | undefined> {
    return stringFlag((raw) => raw);
  },
  /** A string that must be given. */
  requiredString(what: string): Flag<string> {
    return stringFlag((raw, name) => raw ?? fail(name, `${what} is required (see --help)`));
  },
  /** A string with a default. */
  stringOr(fallback: string): Flag<string> {
    return stringFlag((raw) => raw ?? fallback);
  },
  boolean(): Flag<boolean> {
    return { type: 'boolean', multiple: false, parse: (raw) => raw === true };
  },
  /** A flag that may be given several times, in order. */
  strings(): Flag<readonly string[]> {
    return { type: 'string', multiple: true, parse: (raw) => (Array.isArray(raw) ? raw : []) };
  },
  /** An integer within [min, max]; the default (if any) is returned when the flag is absent. */
  int<D extends number | undefined = undefined>(range: NumberRange & { readonly default?: D }): Flag<D extends number ? number : number | undefined> {
    return stringFlag((raw, name) => (raw === undefined ? range.default : numberIn(raw, name, range, true))) as Flag<D extends number ? number : number | undefined>;
  },
  /** A finite number within [min, max]. */
  number<D extends number | undefined = undefined>(range: NumberRange & { readonly default?: D }): Flag<D extends number ? number : number | undefined> {
    return stringFlag((raw, name) => (raw === undefined ? range.default : numberIn(raw, name, range, false))) as Flag<D extends number ? number : number | undefined>;
  },
  /**
   * A duration given in seconds, returned in milliseconds. The range is in seconds and is
   * clipped to what a Node timer can hold (1 ms to about 24.8 days).
   */
  seconds<D extends number | undefined = undefined>(range: Partial<NumberRange> & { readonly default?: D }): Flag<D extends number ? number : number | undefined> {
    const min = Math.max(range.min ?? 0.001, 0.001);
    const max = Math.min(range.max ?? MAX_TIMER_MS / 1000, MAX_TIMER_MS / 1000);
    return stringFlag((raw, name) => {
      if (raw === undefined) return range.default === undefined ? undefined : range.default * 1000;
      return Math.round(numberIn(raw, name, { min, max }, false, ' seconds') * 1000);
    }) as Flag<D extends number ? number : number | undefined>;
  },
  /** One of a fixed set of words. */
  choice<const T extends string, D extends T | undefined = undefined>(allowed: readonly T[], fallback?: D): Flag<D extends T ? T : T | undefined> {
    return stringFlag((raw, name) => {
      if (raw === undefined) return fallback;
      if (!(allowed as readonly string[]).includes(raw)) fail(name, `must be one of ${allowed.join(', ')}; got '${raw}'`);
      return raw as T;
    }) as Flag<D extends T ? T : T | undefined>;
  },
  /** A comma-separated list of words from a fixed set, without repeats. */
  list<const T extends string>(allowed: readonly T[], fallback: readonly T[]): Flag<readonly T[]> {
    return stringFlag((raw, name) => {
      if (raw === undefined) return fallback;
      const items = raw.split(',').map((s) => s.trim());
      for (const item of items) if (!(allowed as readonly string[]).includes(item)) fail(name, `takes a comma-separated list of ${allowed.join(', ')}; got '${item}'`);
      return [...new Set(items)] as T[];
    });
  },
};

export type FlagSpecs = Readonly<Record<string, Flag<unknown>>>;
export type FlagValues<S extends FlagSpecs> = { readonly [K in keyof S]: S[K] extends Flag<infer T> ? T : never };

/**
 * Parses argv against typed flag specs: unknown flags, missing values and out-of-range numbers
 * are InputErrors (one line, ending in "see --help" where the shape of the call is wrong).
 */
export function parseFlags<const S extends FlagSpecs>(
  argv: readonly string[],
  specs: S,
  options: { readonly positionals?: boolean } = {},
): { values: FlagValues<S>; positionals: string[] } {
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) config[name] = spec.multiple ? { type: spec.type, multiple: true } : { type: spec.type };
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: options.positionals ?? false, strict: true });
  } catch (err) {
    throw new InputError(`${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')} (see --help)`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) values[name] = spec.parse(parsed.values[name] as string | boolean | string[] | undefined, name);
  return { values: values as FlagValues<S>, positionals: parsed.positionals };
}
