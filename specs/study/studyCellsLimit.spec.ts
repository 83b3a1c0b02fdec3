// `t2sql study plan|run --limit N`: the study covers the first N questions; sliced runs whose
// slice is larger are left out with a note, unless named exactly (then an error).
import path from 'node:path';
import { expect, it } from 'vitest';
import { InputError } from '../../src/data/InputError.ts';
import { loadExperiment } from '../../src/generate/parseExperiment.ts';
import { studyCells, type SkippedCell } from '../../src/study/studyCells.ts';

const experiment = loadExperiment(path.join(import.meta.dirname, '../../experiments/qwen-study.json'));

it('a --limit below a slice leaves the sliced runs out and says which; a run named exactly is refused', () => {
  const full = studyCells(experiment, { splitSize: 1034 });
  const sliced = full.filter((c) => c.sliced);
  expect(sliced.length).toBeGreaterThan(0);
  expect(sliced.every((c) => c.indices.length === 100)).toBe(true);

  const skipped: SkippedCell[] = [];
  const small = studyCells(experiment, { splitSize: 1034, limit: 10, onSkip: (s) => skipped.push(s) });
  expect(small.map((c) => c.label)).toEqual(full.filter((c) => !c.sliced).map((c) => c.label));
  expect(small.every((c) => c.indices.length === 10)).toBe(true);
  expect(skipped.map((s) => s.label)).toEqual(sliced.map((c) => c.label));
  expect(skipped[0]).toMatchObject({ slice: 'dev100', sliceSize: 100, population: 10 });

  const name = sliced[0]!.plan.def.name;
  expect(() => studyCells(experiment, { splitSize: 1034, limit: 10, patterns: [name] })).toThrow(InputError);
  expect(() => studyCells(experiment, { splitSize: 1034, limit: 10, patterns: [name] })).toThrow(`run ${name}: slice 'dev100' takes 100 questions, more than the 10 the study covers`);
});
