// Finding 5: two independent runs of the same CodeS checkpoint (the authors' and NL2SQL360's)
// reproduce each other: they give the same verdict on every one of the 1034 questions but at
// most one. That is exact, not a statistical statement: an equivalence test within ±1 point
// would be passed by runs that differ on ten questions.
import { identical } from '../../src/claims/Claim.ts';
import { claimSuite } from '../../src/claims/claimSuite.ts';
import { ladderRuns } from './_support/ladderRuns.ts';

const sizes = ['1b', '3b', '7b', '15b'];
const runs = await ladderRuns(sizes.flatMap((s) => [`codes-${s}-sft`, `nl2sql360-codes-${s}-sft-rerun`]));

claimSuite(
  'Finding 5: reproducibility: independent re-runs of CodeS give identical verdicts',
  sizes.map((s) => identical(`codes-${s}-sft`, `nl2sql360-codes-${s}-sft-rerun`, { maxDiffering: 1 })),
  runs,
);
