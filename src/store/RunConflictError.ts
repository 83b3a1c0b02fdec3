/** A run name already taken by different settings (or by an import): resuming would mix them. */
export class RunConflictError extends Error {
  override readonly name = 'RunConflictError';
  constructor(
    readonly experiment: string,
    readonly run: string,
    reason: string,
  ) {
    super(`run ${experiment}/${run} already exists ${reason}; choose another name or delete it first`);
  }
}
