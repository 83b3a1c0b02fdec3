/**
 * fast-check settings for every property here: a fixed seed (FC_SEED, default 42) so CI is
 * reproducible, and a CI-sized run count that FC_RUNS raises for long fuzzing. fast-check prints
 * the seed and the counterexample path when a property fails.
 */
export function fcParams(ciRuns: number): { seed: number; numRuns: number } {
  return { seed: Number(process.env.FC_SEED ?? 42), numRuns: Number(process.env.FC_RUNS ?? ciRuns) };
}
