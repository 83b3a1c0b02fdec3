// Finding 5: two independent runs of the same CodeS checkpoint (the authors' and NL2SQL360's)
// are statistically tied: a paired equivalence test (TOST) within ±1 point, not merely "no
// significant difference".
import { tied } from '../../src/claims/Claim.ts';
import { claimSuite } from '../../src/claims/claimSuite.ts';
import { ladderRuns } from './_support/ladderRuns.ts';

const sizes = ['1b', '3b', '7b', '15b'];
const runs = await ladderRuns(sizes.flatMap((s) => [`codes-${s}-sft`, `nl2sql360-codes-${s}-sft-rerun`]));

claimSuite(
  'reproducibility: independent re-runs of CodeS are tied',
  sizes.map((s) => tied(`codes-${s}-sft`, `nl2sql360-codes-${s}-sft-rerun`, { margin: 0.01 })),
  runs,
);
