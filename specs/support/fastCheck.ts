/**
 * fast-check settings for every property spec, from one place:
 * - a fixed seed (FC_SEED, default 42), so every run checks the same cases and CI is
 *   reproducible; fast-check prints the seed and the counterexample path on failure;
 * - each property's CI-sized run count, multiplied by FC_LONG (default 1) for long fuzzing:
 *   `FC_LONG=50 npx vitest run specs/prompt/extractSql.spec.ts`.
 * Use `fcParams(n)` for `test.prop(…, fcParams(n))`, `fc.assert(…, fcParams(n))` and
 * `fc.sample(arb, fcParams(n))`.
 */
export function fcParams(ciRuns: number): { seed: number; numRuns: number } {
  return { seed: fcSeed(), numRuns: Math.max(1, Math.round(ciRuns * longFactor())) };
}

/** The seed every property uses (FC_SEED, default 42). */
export function fcSeed(): number {
  return intFromEnv('FC_SEED', 42, Number.MIN_SAFE_INTEGER);
}

function longFactor(): number {
  return intFromEnv('FC_LONG', 1, 1);
}

function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ''}, got ${JSON.stringify(raw)}`);
  return value;
}
