// The study's size question on published runs of its own model family: Qwen2.5-Coder 3B vs
// 1.5B Instruct, zero-shot, full Spider dev (n = 1034), EX. These runs are NOT the study's own
// cells: their prompt is the database's CREATE TABLE statements as a system message with the
// question as the user message (no instructions), the models run 4-bit (NF4, bitsandbytes) with
// greedy decoding (../shared/predictions/<name>/SOURCE.json). The study's cells use its own
// prompt and full-precision vLLM serving (experiments/qwen-study.json). The report lists the two
// side by side and never mixes them.
//
// Direction: stated before these runs were scored, by the study's own published table (full
// dev, EX: 3B base 0.691 > 1.5B base 0.558; see qwenStudy.spec.ts). That hypothesis is the
// claim's `source`, so the test is one-sided. The target is the one the study's own claims
// declare (these 1034 questions); the across-databases analysis is printed beside it.
import { describe, expect, it } from 'vitest';
import { better } from '../../src/claims/Claim.ts';
import { claimSuite } from '../../src/claims/claimSuite.ts';
import { evaluateRunsCached } from '../../src/evaluate/evaluateRunsCached.ts';
import { QWEN_PUBLISHED, unlistedPublishedRuns } from '../../src/report/unlistedPublishedRuns.ts';
import { ladderDataRoot, ladderHome } from './_support/ladderRuns.ts';

const [small, large] = QWEN_PUBLISHED;
const root = ladderDataRoot();
const { present, missing } = unlistedPublishedRuns(root);
if (missing.length > 0) {
  throw new Error(`published Qwen2.5-Coder runs missing under ${root}/predictions: ${missing.join(', ')} (run: npx t2sql data predictions)`);
}
const runs = await evaluateRunsCached(present.map((p) => p.source), { dataRoot: root, home: ladderHome() });

const results = claimSuite(
  'Qwen2.5-Coder size, published zero-shot runs (CREATE TABLE prompt, 4-bit)',
  [better(large, small, { sides: 1, source: "the study's published table: 3B base 0.691 > 1.5B base 0.558 (full dev, EX)" })],
  runs,
  { target: 'questions' },
);

describe('the published Qwen2.5-Coder runs', () => {
  it('are the files SOURCE.json describes: untuned Instruct models, zero-shot, 4-bit', () => {
    for (const p of present) {
      expect(p.condition).toMatch(/zero-shot/);
      expect(p.condition).toMatch(/4-bit/);
      expect(p.model).toMatch(/^Qwen\/Qwen2\.5-Coder-(1\.5B|3B)-Instruct$/);
      expect(runs.get(p.name)!.n).toBe(1034);
    }
  });
  it('the size claim carries its source and is one-sided', () => {
    expect(results[0]!.sides).toBe(1);
    expect(results[0]!.source).toMatch(/0\.691 > 1\.5B base 0\.558/);
  });
});
