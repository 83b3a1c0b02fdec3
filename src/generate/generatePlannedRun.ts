import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../data/InputError.ts';
import { extractSql } from '../prompt/extractSql.ts';
import { buildRunItems } from './buildRunItems.ts';
import { checkQuestionLimit } from './checkQuestionLimit.ts';
import { describeGenerationError } from './CompletionBackend.ts';
import type { AdapterDefinition } from './Experiment.ts';
import { generateRun, type GenerationProgress, type GenerationSummary } from './generateRun.ts';
import type { GenerationStore } from './GenerationStore.ts';
import { hashAdapter } from './hashAdapter.ts';
import { openAiBackend } from './openAiBackend.ts';
import { plannedRunConfig } from './plannedRunConfig.ts';
import type { PlannedRun } from './planRuns.ts';
import { requestModel, type RunConfig } from './RunConfig.ts';
import type { PromptInputs } from './spiderPromptInputs.ts';

export interface GeneratePlannedRunOptions {
  readonly store: GenerationStore;
  readonly inputs: PromptInputs;
  /** Recorded with the run (`codeVersion()`). */
  readonly codeVersion: string;
  /** The value of an environment variable (the caller's environment; API keys are read from it). */
  readonly env: (name: string) => string | undefined;
  /** Folder adapter paths are relative to. */
  readonly cwd: string;
  /** Only the first `limit` questions of the split (more than it has is an InputError). */
  readonly limit?: number | undefined;
  /** Only the examples at these indices of the split (a slice); overrides `limit`. For a run with a
   *  `slice`, they are recorded in its config (another slice is another run). */
  readonly indices?: readonly number[] | undefined;
  /** The hash of an adapter `t2sql train` registered under this name (for `registered` adapters). */
  readonly registeredAdapter?: (name: string) => { readonly hash: string } | null;
  /** Requests in flight (default: the run's). */
  readonly concurrency?: number | undefined;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  /** Ask the server's /v1/models whether it serves the model before spending on it. */
  readonly check: boolean;
  /** Resume a run started against another endpoint (recorded); refused otherwise. */
  readonly allowEndpointChange?: boolean;
  readonly signal?: AbortSignal;
  readonly onStart?: (start: RunStart) => void;
  readonly onProgress?: (progress: GenerationProgress) => void;
  /** Something the user should know that does not stop the run. */
  readonly onWarning?: (message: string) => void;
}

/** What is about to be generated, for the caller to announce. */
export interface RunStart {
  /** `experiment/run` */
  readonly label: string;
  readonly runId: number;
  readonly resumed: boolean;
  readonly endpointChange: { readonly from: string; readonly to: string } | null;
  /** The model name sent (an adapter's name on vLLM). */
  readonly model: string;
  /** `keys@1` */
  readonly representation: string;
  readonly config: RunConfig;
  /** Examples this invocation covers. */
  readonly n: number;
}

export interface PlannedRunResult {
  readonly start: RunStart;
  readonly summary: GenerationSummary;
}

/**
 * Generates one planned run into the store, as `t2sql generate` does: builds its prompts,
 * checks the server, starts or resumes the run (refusing other settings, or another endpoint
 * unless allowed), and completes every item not already stored.
 */
export async function generatePlannedRun(plan: PlannedRun, o: GeneratePlannedRunOptions): Promise<PlannedRunResult> {
  const { def, endpoint } = plan;
  if (o.indices === undefined) checkQuestionLimit(o.limit, o.inputs.examples.length, o.inputs.split);
  if (def.slice && !o.indices) throw new InputError(`run ${def.name} answers the seeded slice '${def.slice.name}' (n = ${def.slice.n}, seed ${def.slice.seed}): generate it with t2sql study run --experiment ${plan.experiment} --run '${def.name}'`);
  const adapter = def.adapter === null ? null : { name: def.adapter.name, hash: resolveAdapterHash(def.adapter, o) };
  let apiKey: string | null = null;
  if (endpoint.apiKeyEnv) {
    apiKey = o.env(endpoint.apiKeyEnv) || null;
    if (!apiKey) throw new InputError(`${endpoint.apiKeyEnv} is not set: the endpoint ${endpoint.baseUrl} (${endpoint.profile}) reads its API key from it`);
  }
  const built = buildRunItems(o.inputs, { prompt: def.prompt, api: def.api, ...(o.indices ? { indices: o.indices } : o.limit ? { limit: o.limit } : {}) });
  const config = plannedRunConfig(plan, built, adapter, o.indices);
  const backend = openAiBackend(endpoint, { apiKey, timeoutMs: o.timeoutMs });
  const model = requestModel(config);
  if (o.check) {
    const listed = await backend.listModels(o.signal ? { signal: o.signal } : {});
    if (listed.kind === 'error') throw new InputError(`cannot list models at ${endpoint.baseUrl}: ${describeGenerationError(listed.error)} (is the server up? --no-check skips this)`);
    if (!listed.models.includes(model)) {
      const message = `${endpoint.baseUrl} does not list model '${model}' (it lists ${listed.models.slice(0, 8).join(', ') || 'nothing'})`;
      // vLLM serves exactly what it lists; gateways may route more than they list.
      if (endpoint.profile === 'vllm') throw new InputError(`${message}; start it with t2sql serve --model ${def.model}${adapter ? ` --lora ${adapter.name}=PATH` : ''}`);
      o.onWarning?.(message);
    }
  }
  const begun = o.store.beginRun(config, { n: built.items.length, codeVersion: o.codeVersion, allowEndpointChange: o.allowEndpointChange ?? false });
  const start: RunStart = {
    label: `${plan.experiment}/${def.name}`,
    runId: begun.run.id,
    resumed: begun.resumed,
    endpointChange: begun.endpointChange,
    model,
    representation: built.representation,
    config,
    n: built.items.length,
  };
  o.onStart?.(start);
  const summary = await generateRun(built.items, {
    backend,
    ledger: o.store.ledger(begun.run.id, { endpoint: config.endpoint }),
    model,
    adapterHash: adapter?.hash ?? null,
    extract: extractSql,
    decoding: config.decoding,
    samples: def.samples,
    concurrency: o.concurrency ?? def.concurrency,
    retry: { maxAttempts: o.maxAttempts },
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return { start, summary };
}

function resolveAdapterHash(adapter: AdapterDefinition, o: GeneratePlannedRunOptions): string {
  if (adapter.kind === 'hash') return adapter.hash;
  if (adapter.kind === 'path') return adapterHash(path.resolve(o.cwd, adapter.path), adapter.name);
  const found = o.registeredAdapter?.(adapter.name) ?? null;
  if (!found) throw new InputError(`adapter '${adapter.name}' is not registered in the run store: train it first (t2sql train --name ${adapter.name} …), or name it by "path" or "hash"`);
  return found.hash;
}

function adapterHash(dir: string, name: string): string {
  if (!fs.existsSync(dir)) throw new InputError(`adapter '${name}': no such file or folder (give "hash" instead of "path" when the adapter lives elsewhere)`, { file: dir });
  return hashAdapter(dir);
}
