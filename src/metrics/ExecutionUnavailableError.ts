import type { UnavailableVerdict } from './ExecVerdict.ts';

/**
 * A run some of whose examples could not be scored (`unavailable` verdicts: no query process
 * could start, the pool was closed): it has no score, and is not kept anywhere. Not the
 * predictions' fault, nor a mistake in a file: the installation or the machine needs attention.
 */
export class ExecutionUnavailableError extends Error {
  override readonly name = 'ExecutionUnavailableError';

  constructor(
    /** The run that could not be scored. */
    readonly run: string,
    readonly unavailable: readonly UnavailableVerdict[],
    /** Examples in the run. */
    readonly n: number,
  ) {
    super(`${run}: ${unavailable.length} of ${n} examples could not be scored: ${unavailable[0]?.message ?? 'no query process'}`);
  }
}
