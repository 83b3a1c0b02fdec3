import type { DecodingSettings } from './DecodingSettings.ts';
import type { EndpointProfile } from './EndpointConfig.ts';
import { canonicalJson } from './_internals/canonicalJson.ts';
import { sha256 } from './_internals/sha256.ts';

/** Which OpenAI endpoint a run uses: chat for instruct/frontier models, completions for base models. */
export type ApiKind = 'chat' | 'completions';

/** How prompts are built; passed to the prompt builder as is. */
export interface PromptConfig {
  /** Schema representation name (`minimal`, `keys`, `ddl`, …). */
  readonly schema: string;
  readonly shots: number;
  /** Further prompt-builder options (example selection, seed, token budget), recorded verbatim. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A LoRA adapter: served under `name`, identified by the hash of its files. */
export interface AdapterRef {
  readonly name: string;
  readonly hash: string;
}

/** Everything that defines what a run measures: stored with the run, and its identity. */
export interface RunConfig {
  readonly experiment: string;
  readonly name: string;
  readonly split: 'dev' | 'train';
  readonly profile: EndpointProfile;
  /** `endpointIdentity()` of the server (recorded; not part of the run's identity). */
  readonly endpoint: string;
  /** Base model id (for adapter runs, the model the adapter was trained on). */
  readonly model: string;
  readonly adapter: AdapterRef | null;
  readonly api: ApiKind;
  readonly prompt: PromptConfig;
  /** Prompt layout and representation versions (`prompt@1 keys@1`): a new layout is a new run. */
  readonly promptVersion: string;
  readonly decoding: DecodingSettings;
  readonly samples: number;
  /** Present when the run answers a slice of the split: which one, and its indices (ascending). */
  readonly slice?: { readonly name: string; readonly n: number; readonly seed: number; readonly indices: readonly number[] };
}

/**
 * Identity of a run's settings. Resuming a run needs the same hash; the endpoint is left out so
 * a server that moved (another port, a gateway instead of the provider) does not orphan a run.
 */
export function runConfigHash(config: RunConfig): string {
  const { endpoint: _where, ...what } = config;
  return sha256(canonicalJson(what));
}

/** The model name to send: the adapter's name on vLLM, else the model id. */
export function requestModel(config: Pick<RunConfig, 'model' | 'adapter'>): string {
  return config.adapter?.name ?? config.model;
}
