import fs from 'node:fs';
import { InputError } from '../data/InputError.ts';
import type { FewShotExample } from './FewShotExample.ts';

/** Reads a Spider-format example file (`train_spider.json`: objects with db_id, question, query). */
export function readFewShotExamples(file: string): FewShotExample[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read examples: ${(err as Error).message}`, { file });
  }
  if (!Array.isArray(data)) throw new InputError('expected an array of examples', { file });
  return data.map((item: unknown, i) => {
    const e = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof e.db_id !== 'string' || typeof e.question !== 'string' || typeof e.query !== 'string') {
      throw new InputError(`example #${i} needs string fields db_id, question and query`, { file });
    }
    return { dbId: e.db_id, question: e.question, query: e.query };
  });
}
