import { InputError } from '../data/InputError.ts';

/** Why a run store cannot be used; each kind says what to do about it. */
export type RunStoreProblem =
  | { readonly kind: 'not-a-database' }
  | { readonly kind: 'damaged'; readonly detail: string }
  | { readonly kind: 'newer-schema'; readonly version: number; readonly supported: number }
  | { readonly kind: 'cannot-open'; readonly detail: string };

function describe(problem: RunStoreProblem): string {
  switch (problem.kind) {
    case 'not-a-database':
      return 'not an SQLite file, so not a t2sql run store; move it aside (or set $T2SQL_HOME to another folder) and run again';
    case 'damaged':
      return `the run store is damaged (${problem.detail}); restore it from a backup, or move it aside and run again (sqlite3 FILE .recover may salvage its runs)`;
    case 'newer-schema':
      return `run store schema v${problem.version} is newer than this t2sql understands (v${problem.supported}); upgrade t2sql, or set $T2SQL_HOME to another folder`;
    case 'cannot-open':
      return `cannot open the run store (${problem.detail}); check that the path is a writable file in a writable folder`;
  }
}

/** A run store file that cannot be used: one line naming the file and what to do, no stack. */
export class RunStoreError extends InputError {
  constructor(
    readonly file: string,
    readonly problem: RunStoreProblem,
  ) {
    super(describe(problem), { file });
  }
}
