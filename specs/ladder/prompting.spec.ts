// Finding 4: prompting strategy on frontier models: GPT-4 zero-shot < few-shot < DIN-SQL,
// and Codex few-shot < DIN-SQL (predictions published by the DIN-SQL authors).
import { better, ladder } from '../../src/claims/Claim.ts';
import { claimSuite } from '../../src/claims/claimSuite.ts';
import { ladderRuns } from './_support/ladderRuns.ts';

const runs = await ladderRuns(['gpt4-zeroshot', 'gpt4-fewshot', 'dinsql-gpt4', 'codex-fewshot', 'dinsql-codex']);

claimSuite(
  'prompting (GPT-4, Codex)',
  [ladder(['gpt4-zeroshot', 'gpt4-fewshot', 'dinsql-gpt4'], 'prompting effort (GPT-4)'), better('dinsql-codex', 'codex-fewshot')],
  runs,
);
