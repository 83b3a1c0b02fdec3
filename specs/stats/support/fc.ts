/** fast-check parameters: seed fixed in CI (FC_SEED), more runs on demand (FC_RUNS). */
export function fcParams(defaultRuns: number): { seed: number; numRuns: number } {
  return { seed: Number(process.env.FC_SEED ?? 42), numRuns: Number(process.env.FC_RUNS ?? defaultRuns) };
}
