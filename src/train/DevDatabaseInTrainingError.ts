import { InputError } from '../data/InputError.ts';

/** A training example sits on a dev database: training on it would leak the test set. */
export class DevDatabaseInTrainingError extends InputError {
  constructor(
    readonly dbId: string,
    file: string,
    /** Position of the example in `file`. */
    readonly index?: number,
  ) {
    super(`${index !== undefined ? `example ${index} is` : 'example'} on dev database '${dbId}'; a training set must not contain dev databases`, { file });
  }
}
