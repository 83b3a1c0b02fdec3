// The study's own claims about Qwen2.5-Coder (1.5B / 3B / 7B), written against the runs that
// experiments/qwen-study.json defines. They need generated predictions (vLLM for the Qwen
// models, LLMGateway for the frontier reference), which this repository cannot produce
// without a GPU and API keys: until the runs are in the run store ($T2SQL_HOME), the suite is
// skipped with the command that produces them. Published table (full dev, EX): 1.5B base
// 0.558, 1.5B LoRA 0.629, 3B base 0.691, 7B base 0.793, claude-haiku-4-5 0.794, gpt-4.1-mini 0.811.
import crypto from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'vitest';
import { accuracyWithin, better, ladder, tied } from '../../src/claims/Claim.ts';
import { claimSuite } from '../../src/claims/claimSuite.ts';
import { evaluateRunsCached, type RunSource } from '../../src/evaluate/evaluateRunsCached.ts';
import { loadRunPredictions } from '../../src/store/loadRunPredictions.ts';
import { ladderDataRoot, ladderHome } from './_support/ladderRuns.ts';

const EXPERIMENT = 'qwen-study';
const q = (size: string, condition: string, schema = 'minimal') => `qwen2.5-coder-${size}-${condition}-${schema}`;
const frontier = (model: string, schema = 'minimal') => `${model}-zeroshot-${schema}`;
const RUNS = [
  q('1.5b', 'zeroshot'), q('3b', 'zeroshot'), q('7b', 'zeroshot'), q('1.5b', 'lora'),
  q('7b', 'zeroshot', 'types'), q('7b', 'zeroshot', 'keys'),
  frontier('claude-haiku-4-5'), frontier('gpt-4.1-mini'),
];

const home = path.resolve(process.env.T2SQL_HOME ?? '.t2sql');
const loaded = RUNS.map((run) => ({ run, predictions: loadRunPredictions(home, { experiment: EXPERIMENT, run }) }));
const missing = loaded.filter((l) => l.predictions === null).map((l) => l.run);

if (missing.length > 0) {
  describe.skip(`Qwen2.5-Coder study: ${missing.length} of ${RUNS.length} runs not in the run store (${home}) — produce them with \`npx t2sql study run --experiment ${EXPERIMENT}\` on a GPU machine (see experiments/qwen-study.json)`, () => {
    it.skip(`missing: ${missing.join(', ')}`, () => {});
  });
} else {
  const sources: RunSource[] = loaded.map(({ run, predictions }) => ({
    kind: 'memory',
    name: run,
    label: `${EXPERIMENT}/${run}`,
    predictions: predictions!,
    id: crypto.createHash('sha256').update(JSON.stringify(predictions)).digest('hex'),
  }));
  const runs = await evaluateRunsCached(sources, { dataRoot: ladderDataRoot(), home: ladderHome() });
  claimSuite(
    'Qwen2.5-Coder study (full dev, EX)',
    [
      // Model size: 1.5B < 3B < 7B, zero-shot, minimal schema.
      ladder([q('1.5b', 'zeroshot'), q('3b', 'zeroshot'), q('7b', 'zeroshot')], 'Qwen2.5-Coder size'),
      // Fine-tuning: the LoRA adapter adds about 7 points on the 1.5B.
      better(q('1.5b', 'lora'), q('1.5b', 'zeroshot')),
      // The open 7B is tied with the frontier reference (within ±3 points; refused unless that
      // margin is below the smallest gain this family calls significant).
      tied(q('7b', 'zeroshot'), frontier('claude-haiku-4-5'), { margin: 0.03 }),
      // Schema representation: adding column types hurt execution accuracy.
      better(q('7b', 'zeroshot'), q('7b', 'zeroshot', 'types')),
      // The published numbers, reproduced within a point.
      accuracyWithin(q('7b', 'zeroshot'), 0.793, 0.01),
      accuracyWithin(frontier('gpt-4.1-mini'), 0.811, 0.01),
    ],
    runs,
    // About these 1034 questions; the databases-level analysis is printed beside each claim.
    { target: 'questions' },
  );
}
