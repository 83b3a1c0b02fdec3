// Finding 3: supervised fine-tuning beats the base model, for each of five 7B-class models
// (NL2SQL360 runs of the same prompt, base vs SFT on Spider train), by more than 5 points,
// across databases: the exact sign-flip test over Spider dev's 20 databases, and the cluster
// bootstrap's interval of the gain above 5 points. Two-sided, Holm across the five.
import { better } from '../../src/claims/Claim.ts';
import { claimSuite } from '../../src/claims/claimSuite.ts';
import { ladderRuns } from './_support/ladderRuns.ts';

const models = ['codellama-7b', 'deepseek-coder-7b', 'llama2-7b', 'llama3-8b', 'starcoder-7b'];
const runs = await ladderRuns(models.flatMap((m) => [`nl2sql360-${m}-base`, `nl2sql360-${m}-sft`]));

claimSuite(
  'Finding 3: fine-tuning: SFT beats base (7B models)',
  models.map((m) => better(`nl2sql360-${m}-sft`, `nl2sql360-${m}-base`, { by: 0.05 })),
  runs,
  { target: 'databases' },
);
