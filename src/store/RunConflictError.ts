import { InputError } from '../data/InputError.ts';

/** Why a run cannot be started or imported under its name. */
export type RunConflict =
  | { readonly kind: 'settings'; readonly differ: readonly string[] }
  | { readonly kind: 'imported' }
  | { readonly kind: 'generated' }
  | { readonly kind: 'other-predictions' }
  | { readonly kind: 'endpoint'; readonly stored: string; readonly requested: string };

function describe(experiment: string, run: string, c: RunConflict): string {
  const name = `run ${experiment}/${run}`;
  const fix = 'choose another name or delete it first';
  switch (c.kind) {
    case 'settings':
      return `${name} already exists with different settings (${c.differ.length > 0 ? `${c.differ.join(', ')} differ` : 'settings differ'}); ${fix}`;
    case 'imported':
      return `${name} already exists as an imported prediction file; ${fix}`;
    case 'generated':
      return `${name} already exists as a generated run; ${fix}`;
    case 'other-predictions':
      return `${name} already exists with other predictions; ${fix}`;
    case 'endpoint':
      return (
        `${name} was generated against ${c.stored}, not ${c.requested}: resuming would mix two servers' completions; ` +
        `if the new endpoint serves the same model, allow the change (t2sql generate --allow-endpoint-change; it is recorded with each completion), else ${fix}`
      );
  }
}

/** A run name already taken by different settings, an import, or another endpoint: resuming would mix them. */
export class RunConflictError extends InputError {
  constructor(
    readonly experiment: string,
    readonly run: string,
    readonly conflict: RunConflict,
  ) {
    super(describe(experiment, run, conflict));
  }
}
