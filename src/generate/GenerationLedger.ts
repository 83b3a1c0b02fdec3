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

/**
 * Where a run's outcomes go as they arrive (the run store implements it for one run).
 * `record` must be durable when it returns: a run killed right after loses nothing.
 */
export interface GenerationLedger {
  /** True when this run already holds a completion for the item (a resumed run skips it). */
  isCompleted(index: number, sample: number): boolean;
  /** A successful completion with this key from any run; errors are never returned. */
  lookup(cacheKey: string): CachedCompletion | undefined;
  /** Commits one outcome. A completion replaces an earlier failure; nothing replaces a completion. */
  record(entry: LedgerEntry): void;
  /** Called once every item has a completion or a recorded failure. */
  markFinished(): void;
}
