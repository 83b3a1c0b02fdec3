import type { DecodingSettings } from './DecodingSettings.ts';
import type { EndpointConfig } from './EndpointConfig.ts';
import type { ApiKind, PromptConfig } from './RunConfig.ts';

/**
 * A LoRA adapter as an experiment names it: by a folder to hash, by a known hash, or as the adapter
 * `t2sql train` registered under `name` in the run store (its hash and folder are looked up there).
 */
export type AdapterDefinition =
  | { readonly name: string; readonly kind: 'path'; readonly path: string }
  | { readonly name: string; readonly kind: 'hash'; readonly hash: string }
  | { readonly name: string; readonly kind: 'registered' };

/** A seeded random subset of the split's questions (`sampleIndices(population, n, { seed })`). */
export interface SliceDefinition {
  readonly name: string;
  readonly n: number;
  readonly seed: number;
}

/** One run of an experiment, fully resolved (defaults applied, grid expanded). */
export interface RunDefinition {
  readonly name: string;
  /** Key into the experiment's `endpoints`. */
  readonly endpoint: string;
  /** Model id (base model for adapter runs). */
  readonly model: string;
  readonly adapter: AdapterDefinition | null;
  readonly api: ApiKind;
  readonly prompt: PromptConfig;
  readonly decoding: DecodingSettings;
  readonly samples: number;
  readonly concurrency: number;
  /** The questions it answers: a slice of the split, or null for all of them. */
  readonly slice: SliceDefinition | null;
}

/** A named set of runs: the unit `t2sql generate --experiment` runs and claims refer to. */
export interface Experiment {
  readonly name: string;
  readonly description: string;
  readonly split: 'dev' | 'train';
  readonly endpoints: Readonly<Record<string, EndpointConfig>>;
  readonly slices: Readonly<Record<string, SliceDefinition>>;
  readonly runs: readonly RunDefinition[];
}
