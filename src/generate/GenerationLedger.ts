import type { CompletionText, GenerationError } from './CompletionBackend.ts';
import type { DecodingSettings } from './DecodingSettings.ts';
import type { ExtractedSql } from '../prompt/extractSql.ts';

/** A completion found in the cache: the model's text as first received. */
export interface CachedCompletion {
  /** Where it came from (the store's completion id), so a replay can point at the original. */
  readonly id: number;
  readonly completion: CompletionText;
}

interface EntryBase {
  readonly index: number;
  readonly sample: number;
  readonly cacheKey: string;
  /** The prompt builder's content hash (provenance; the cache key hashes the payload itself). */
  readonly promptHash: string;
  readonly decoding: DecodingSettings;
}

/** How one (example, sample) of a run ended. */
export type LedgerEntry =
  | (EntryBase & { readonly kind: 'completion'; readonly completion: CompletionText; readonly extraction: ExtractedSql; readonly attempts: number; readonly latencyMs: number })
  | (EntryBase & { readonly kind: 'cached'; readonly from: CachedCompletion; readonly extraction: ExtractedSql })
  | (EntryBase & { readonly kind: 'failure'; readonly error: GenerationError; readonly attempts: number; readonly latencyMs: number });

/** The process holding an item's lease. */
export interface LeaseHolder {
  readonly host: string;
  readonly pid: number;
}

/** Whether this process may request an item now. */
export type ClaimResult =
  /** The lease is ours until the item is recorded or `releaseClaims` is called. */
  | { readonly kind: 'claimed' }
  /** Another process completed it meanwhile: nothing to request. */
  | { readonly kind: 'completed' }
  /** Another process recorded a failure for it since this ledger was opened: not asked again now (the next run retries it). */
  | { readonly kind: 'failed' }
  /** Another live process is requesting it: ask again later. */
  | { readonly kind: 'held'; readonly by: LeaseHolder };

/**
 * Where a run's outcomes go as they arrive (the run store implements it for one run).
 * `record` must be durable when it returns: a run killed right after loses nothing.
 */
export interface GenerationLedger {
  /** True when this run already holds a completion for the item (a resumed run skips it). */
  isCompleted(index: number, sample: number): boolean;
  /**
   * Takes the item's lease before it is requested, so two processes generating one run never
   * request the same completion. A lease ends when the item is recorded, on `releaseClaims`,
   * or when its holder is gone (a dead process on this host, or a lease left unrenewed).
   */
  claim(index: number, sample: number): ClaimResult;
  /** Gives up every lease this ledger holds (called when generation stops, however it stops). */
  releaseClaims(): void;
  /** A successful completion with this key from any run; errors are never returned. */
  lookup(cacheKey: string): CachedCompletion | undefined;
  /** Commits one outcome and ends its lease. A completion replaces an earlier failure; nothing replaces a completion. */
  record(entry: LedgerEntry): void;
  /** Called when every item is settled; the run counts as finished only if every item has a completion. */
  markFinished(): void;
}
