// Finding 4: prompting strategy on frontier models: GPT-4 zero-shot < few-shot < DIN-SQL,
// and Codex few-shot < DIN-SQL (predictions published by the DIN-SQL authors). Two-sided.
import { better, ladder, notBetter } from '../../src/claims/Claim.ts';
import { claimSuite } from '../../src/claims/claimSuite.ts';
import { ladderRuns } from './_support/ladderRuns.ts';

const runs = await ladderRuns(['gpt4-zeroshot', 'gpt4-fewshot', 'dinsql-gpt4', 'codex-fewshot', 'dinsql-codex']);

claimSuite(
  'Finding 4: prompting (GPT-4, Codex)',
  [
    // GPT-4: every step holds across databases.
    ladder(['gpt4-zeroshot', 'gpt4-fewshot', 'dinsql-gpt4'], 'prompting effort (GPT-4)', { target: 'databases' }),
    // Codex: DIN-SQL's gain holds for these questions...
    better('dinsql-codex', 'codex-fewshot', { target: 'questions' }),
    // ...but is not shown across databases: said as a claim of its own.
    notBetter('dinsql-codex', 'codex-fewshot', { target: 'databases' }),
  ],
  runs,
);
