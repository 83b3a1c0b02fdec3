import os from 'node:os';
import { InputError } from '../../data/InputError.ts';
import { parseArgv } from './parseArgv.ts';

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

/** Worker processes allowed per core for `--jobs`. */
export const JOBS_PER_CORE = 4;

type NumberRange = { readonly min: number; readonly max: number };

const fail = (name: string, message: string): never => {
  throw new InputError(`--${name} ${message}`);
};

/**
 * Decimal text: digits with an optional sign (integers); numbers may also have a fraction and
 * a decimal exponent (a learning rate of `2e-4`).
 */
const DECIMAL = { integer: /^[+-]?\d+$/, number: /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/ };

/**
 * The raw text as a number when it is decimal text, else NaN: Number() alone would also read
 * '' and '  ' as 0, '0x10' as 16, an integer flag's '1e1' as 10, and 'Infinity'.
 */
const toNumber = (raw: string, integer: boolean): number => (DECIMAL[integer ? 'integer' : 'number'].test(raw) ? Number(raw) : NaN);

function numberIn(raw: string, name: string, range: NumberRange, integer: boolean, unit = ''): number {
  const n = toNumber(raw, integer);
  const kind = integer ? 'an integer' : 'a number';
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) fail(name, `expects ${kind} from ${range.min} to ${range.max}${unit}, got '${raw}'`);
  if (n < range.min || n > range.max) fail(name, `must be from ${range.min} to ${range.max}${unit}, got ${raw}`);
  return n;
}

function stringFlag<T>(parse: (raw: string | undefined, name: string) => T): Flag<T> {
  return { type: 'string', multiple: false, parse: (raw, name) => parse(raw as string | undefined, name) };
}

/** A numeric flag: a number when it has a default, else number | undefined. */
type NumberFlag<D> = Flag<D extends number ? number : number | undefined>;

function numberFlag<D extends number | undefined>(parse: (raw: string, name: string) => number, fallback: D): NumberFlag<D> {
  return stringFlag((raw, name) => (raw === undefined ? fallback : parse(raw, name))) as NumberFlag<D>;
}

function checkedNumber<D extends number | undefined>(ok: (n: number) => boolean, rule: string, fallback: D, integer: boolean): NumberFlag<D> {
  return numberFlag((raw, name) => (ok(toNumber(raw, integer)) ? toNumber(raw, integer) : fail(name, `${rule}, got '${raw}'`)), fallback);
}

export const flag = {
  /** A free string (a path, a name): undefined when absent. */
  string: (): Flag<string | undefined> => stringFlag((raw) => raw),
  /** A string that must be given. */
  requiredString: (what: string): Flag<string> => stringFlag((raw, name) => raw ?? fail(name, `${what} is required (see --help)`)),
  /** A string with a default. */
  stringOr: (fallback: string): Flag<string> => stringFlag((raw) => raw ?? fallback),
  boolean: (): Flag<boolean> => ({ type: 'boolean', multiple: false, parse: (raw) => raw === true }),
  /** A flag that may be given several times, in order. */
  strings: (): Flag<readonly string[]> => ({ type: 'string', multiple: true, parse: (raw) => (Array.isArray(raw) ? raw : []) }),
  /** An integer within [min, max]; the default (if any) is returned when the flag is absent. */
  int<D extends number | undefined = undefined>(range: NumberRange & { readonly default?: D }): NumberFlag<D> {
    return numberFlag((raw, name) => numberIn(raw, name, range, true), range.default as D);
  },
  /** A finite number within [min, max]. */
  number<D extends number | undefined = undefined>(range: NumberRange & { readonly default?: D }): NumberFlag<D> {
    return numberFlag((raw, name) => numberIn(raw, name, range, false), range.default as D);
  },
  /** A number strictly between 0 and 1 (a level such as alpha). */
  openUnit<D extends number | undefined = undefined>(fallback?: D): NumberFlag<D> {
    return checkedNumber((n) => n > 0 && n < 1, 'must be a number between 0 and 1 (both excluded)', fallback as D, false);
  },
  /** A seed: any safe integer (what the project's RNG takes). */
  seed<D extends number | undefined = undefined>(fallback?: D): NumberFlag<D> {
    return checkedNumber(Number.isSafeInteger, 'expects an integer within ±(2^53 - 1)', fallback as D, true);
  },
  /**
   * A duration given in seconds, returned in milliseconds. The range is in seconds and is
   * clipped to what a Node timer can hold (1 ms to about 24.8 days).
   */
  seconds<D extends number | undefined = undefined>(range: Partial<NumberRange> & { readonly default?: D }): NumberFlag<D> {
    const min = Math.max(range.min ?? 0.001, 0.001);
    const max = Math.min(range.max ?? MAX_TIMER_MS / 1000, MAX_TIMER_MS / 1000);
    const fallback = (range.default === undefined ? undefined : range.default * 1000) as D;
    return numberFlag((raw, name) => Math.round(numberIn(raw, name, { min, max }, false, ' seconds') * 1000), fallback);
  },
  /**
   * A count of worker processes: 1 to JOBS_PER_CORE × the cores this process may use. More
   * processes than that only contend for the same cores (and past a few hundred, fail to start).
   */
  jobs(): Flag<number | undefined> {
    const cores = os.availableParallelism();
    const max = JOBS_PER_CORE * cores;
    return checkedNumber((n) => Number.isInteger(n) && n >= 1 && n <= max, `must be an integer from 1 to ${max} (${JOBS_PER_CORE} per core, ${cores} cores)`, undefined, true);
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
      const known = allowed.length <= 12 ? allowed.join(', ') : `the ${allowed.length} known names`;
      for (const item of items) if (!(allowed as readonly string[]).includes(item)) fail(name, `takes a comma-separated list of ${known}; got '${item}'`);
      return [...new Set(items)] as T[];
    });
  },
};

/** positionals: true takes any number; { count, usage } exactly `count`, else "expected <usage>". */
export type ParseFlagsOptions = { readonly positionals?: boolean | { readonly count: number; readonly usage: string } };

export type FlagSpecs = Readonly<Record<string, Flag<unknown>>>;
export type FlagValues<S extends FlagSpecs> = { readonly [K in keyof S]: S[K] extends Flag<infer T> ? T : never };

/**
 * Parses argv against typed flag specs: unknown flags, missing values and out-of-range numbers
 * are InputErrors (one line, ending in "see --help" where the shape of the call is wrong).
 */
export function parseFlags<const S extends FlagSpecs>(argv: readonly string[], specs: S, options: ParseFlagsOptions = {}): { values: FlagValues<S>; positionals: string[] } {
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) config[name] = spec.multiple ? { type: spec.type, multiple: true } : { type: spec.type };
  const parsed = parseArgv(argv, config, Boolean(options.positionals));
  const want = options.positionals;
  if (typeof want === 'object' && parsed.positionals.length !== want.count) throw new InputError(`expected ${want.usage} (see --help)`);
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) values[name] = spec.parse(parsed.values[name] as string | boolean | string[] | undefined, name);
  return { values: values as FlagValues<S>, positionals: parsed.positionals };
}
