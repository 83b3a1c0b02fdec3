import { toBeSignificantlyBetterThan } from './toBeSignificantlyBetterThan.ts';
import { toBeTiedWith } from './toBeTiedWith.ts';
import { toHaveAccuracyWithin } from './toHaveAccuracyWithin.ts';
import { toIncreaseWith } from './toIncreaseWith.ts';

/** The claim matchers, for `expect.extend(claimMatchers)`. */
export const claimMatchers = { toBeSignificantlyBetterThan, toBeTiedWith, toIncreaseWith, toHaveAccuracyWithin };
export type { BetterThanOptions } from './toBeSignificantlyBetterThan.ts';
