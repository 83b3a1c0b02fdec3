/** The typed flag specs every command parses with: values, defaults, ranges and one-line errors. */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { flag, MAX_TIMER_MS, parseFlags } from '../../src/cli/_internals/flags.ts';
import { InputError } from '../../src/data/InputError.ts';

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseFlags with typed specs', () => {
  const specs = {
    n: flag.int({ min: 1, max: 10, default: 3 }),
    t: flag.seconds({ default: 30 }),
    a: flag.openUnit(0.05),
    seed: flag.seed(42),
    mode: flag.choice(['x', 'y'], 'x'),
    list: flag.list(['ex', 'em'], ['ex']),
    jobs: flag.jobs(),
    name: flag.string(),
    on: flag.boolean(),
  };

  it('gives typed values and defaults', () => {
    expect(parseFlags([], specs).values).toEqual({ n: 3, t: 30_000, a: 0.05, seed: 42, mode: 'x', list: ['ex'], jobs: undefined, name: undefined, on: false });
    const v = parseFlags(['--n', '10', '--t', '0.0015', '--a', '0.1', '--seed', '-7', '--mode', 'y', '--list', 'em,ex,em', '--jobs', '1', '--name', 'q', '--on'], specs).values;
    expect(v).toEqual({ n: 10, t: 2, a: 0.1, seed: -7, mode: 'y', list: ['em', 'ex'], jobs: 1, name: 'q', on: true });
  });

  it('timeouts are 1 ms to the longest delay a Node timer holds', () => {
    expect(parseFlags(['--t', String(MAX_TIMER_MS / 1000)], specs).values.t).toBe(MAX_TIMER_MS);
    expect(error(() => parseFlags(['--t', '2592000'], specs))).toBe('--t must be from 0.001 to 2147483.647 seconds, got 2592000');
    expect(error(() => parseFlags(['--t', '0.0004'], specs))).toBe('--t must be from 0.001 to 2147483.647 seconds, got 0.0004');
    expect(error(() => parseFlags(['--t', ''], specs))).toContain("--t expects a number");
  });

  it('rejects out-of-range and malformed numbers, naming the flag and the range', () => {
    expect(error(() => parseFlags(['--n', '11'], specs))).toBe('--n must be from 1 to 10, got 11');
    expect(error(() => parseFlags(['--n', '2.5'], specs))).toBe("--n expects an integer from 1 to 10, got '2.5'");
    expect(error(() => parseFlags(['--a', '1'], specs))).toContain('--a must be a number between 0 and 1');
    expect(error(() => parseFlags(['--seed', '9007199254740992'], specs))).toContain('--seed expects an integer within');
    const max = 4 * os.availableParallelism();
    expect(error(() => parseFlags(['--jobs', String(max + 1)], specs))).toBe(`--jobs must be an integer from 1 to ${max} (4 per core, ${os.availableParallelism()} cores), got '${max + 1}'`);
    expect(error(() => parseFlags(['--mode', 'z'], specs))).toBe("--mode must be one of x, y; got 'z'");
  });

  it('numbers are decimal text: no hex, Infinity or blank values; exponents for numbers only', () => {
    const numbers = { ...specs, x: flag.number({ min: -100, max: 100 }), budget: flag.int({ min: 1, max: 1_000_000 }) };
    expect(parseFlags(['--x', '-2.5', '--budget', '+12', '--t', '.5', '--seed', '-0'], numbers).values).toMatchObject({ x: -2.5, budget: 12, t: 500, seed: -0 });
    expect(parseFlags(['--x', '3.'], numbers).values.x).toBe(3);
    expect(parseFlags(['--x', '2e-4'], numbers).values.x).toBe(0.0002);
    expect(parseFlags(['--x', '-1.5E1'], numbers).values.x).toBe(-15);
    expect(error(() => parseFlags(['--t', '0x10'], numbers))).toBe("--t expects a number from 0.001 to 2147483.647 seconds, got '0x10'");
    expect(error(() => parseFlags(['--budget', '1e1'], numbers))).toBe("--budget expects an integer from 1 to 1000000, got '1e1'");
    expect(error(() => parseFlags(['--n', '2.0'], numbers))).toBe("--n expects an integer from 1 to 10, got '2.0'");
    for (const raw of ['0x10', '0b11', '0o7', '1e', 'e1', '1e1.5', 'Infinity', '-Infinity', ' 5', '5 ', '1_000', '', '.', '-', '+']) {
      expect(error(() => parseFlags([`--x=${raw}`], numbers)), raw).toBe(`--x expects a number from -100 to 100, got '${raw}'`);
    }
    for (const raw of ['0x10', '1e1', '5.5', ' 7']) {
      expect(error(() => parseFlags(['--jobs', raw], numbers)), raw).toMatch(/^--jobs must be an integer from 1 to/);
      expect(error(() => parseFlags(['--seed', raw], numbers)), raw).toMatch(/^--seed expects an integer within/);
      expect(error(() => parseFlags(['--a', raw.replace('5.5', '0x1')], numbers)), raw).toMatch(/^--a must be a number between 0 and 1/);
    }
  });

  it('shape errors are one line ending in "see --help"; positionals are counted', () => {
    expect(error(() => parseFlags(['--nope'], specs))).toMatch(/Unknown option '--nope'.*\(see --help\)$/);
    expect(error(() => parseFlags(['--n'], specs))).toMatch(/--n.*\(see --help\)$/);
    expect(error(() => parseFlags(['a'], specs))).toMatch(/\(see --help\)$/);
    const two = { positionals: { count: 2, usage: 'two things: cmd A B' } };
    expect(parseFlags(['a', 'b'], {}, two).positionals).toEqual(['a', 'b']);
    expect(error(() => parseFlags(['a'], {}, two))).toBe('expected two things: cmd A B (see --help)');
  });
});
