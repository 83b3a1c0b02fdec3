import type { GenerationLedger } from './GenerationLedger.ts';
import type { RunConfig } from './RunConfig.ts';

export interface BeginRunOptions {
  /** Examples this invocation covers; a resumed run keeps the larger of old and new. */
  readonly n: number;
  readonly codeVersion: string;
  /**
   * Resume a run started against another endpoint (the change is recorded with each completion).
   * Without it, such a resume is refused: two servers' completions would mix silently.
   */
  readonly allowEndpointChange?: boolean;
  readonly now?: Date;
}

export interface BegunRun {
  readonly run: { readonly id: number; readonly n: number };
  readonly resumed: boolean;
  /** Set when a resumed run moved to another endpoint (allowed by `allowEndpointChange`). */
  readonly endpointChange: { readonly from: string; readonly to: string } | null;
}

/** Where generated runs live (the run store implements it): starting or resuming a run, and its ledger. */
export interface GenerationStore {
  /** Throws an InputError (a RunConflictError) when the run's name is taken by other settings or another endpoint. */
  beginRun(config: RunConfig, options: BeginRunOptions): BegunRun;
  /**
   * The run's ledger. `endpoint`: the server this process generates with, recorded with each of
   * its completions (default: the run's endpoint when the ledger opens; several processes on
   * one run with different servers each pass their own).
   */
  ledger(runId: number, options?: { readonly endpoint?: string }): GenerationLedger;
}
