import type { DecodingSettings } from './DecodingSettings.ts';
import type { EndpointConfig } from './EndpointConfig.ts';
import type { ApiKind, PromptConfig } from './RunConfig.ts';

/** A LoRA adapter as an experiment names it: by a folder to hash, or by a known hash. */
export type AdapterDefinition =
  | { readonly name: string; readonly kind: 'path'; readonly path: string }
  | { readonly name: string; readonly kind: 'hash'; readonly hash: string };

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
}

/** A named set of runs: the unit `t2sql generate --experiment` runs and claims refer to. */
export interface Experiment {
  readonly name: string;
  readonly description: string;
  readonly split: 'dev' | 'train';
  readonly endpoints: Readonly<Record<string, EndpointConfig>>;
  readonly runs: readonly RunDefinition[];
}
