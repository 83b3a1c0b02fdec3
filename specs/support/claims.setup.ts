// Registers t2sql's claim matchers (toBeSignificantlyBetterThan, toBeTiedWith, …) for every spec.
import '../../src/claims/vitest.ts';
