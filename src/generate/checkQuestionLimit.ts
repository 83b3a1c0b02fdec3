import { InputError } from '../data/InputError.ts';

/**
 * `--limit N` (the first N questions of a split) checked against the split: more than it has is
 * an InputError ("--limit 5000 is more than the 1034 questions of dev"), never a silent "all".
 */
export function checkQuestionLimit(limit: number | undefined, questions: number, split: string): void {
  if (limit !== undefined && limit > questions) throw new InputError(`--limit ${limit} is more than the ${questions} questions of ${split}`);
}
