import { decodingSettings } from './DecodingSettings.ts';
import { endpointIdentity } from './EndpointConfig.ts';
import type { PlannedRun } from './planRuns.ts';
import type { AdapterRef, RunConfig } from './RunConfig.ts';

/**
 * The settings a planned run is recorded with in the run store (what beginRun compares before
 * resuming it): model, adapter (name and hash of its files, null for a plain model), API,
 * prompt and the layout version of its prompts, decoding, samples, endpoint, and the questions of
 * a sliced run (`indices`). A completions run without stop sequences of its own stops where its
 * prompts say an answer ends (`prompts.stop`).
 */
export function plannedRunConfig(
  plan: PlannedRun,
  prompts: { readonly promptVersion: string; readonly stop: readonly string[] },
  adapter: AdapterRef | null,
  indices?: readonly number[],
): RunConfig {
  const { def, endpoint } = plan;
  // Base models continue the text prompt; the prompt says where an answer ends.
  const decoding = def.api === 'completions' && def.decoding.stop.length === 0 ? decodingSettings({ ...def.decoding, stop: prompts.stop }) : def.decoding;
  return {
    experiment: plan.experiment,
    name: def.name,
    split: plan.split,
    profile: endpoint.profile,
    endpoint: endpointIdentity(endpoint),
    model: def.model,
    adapter,
    api: def.api,
    prompt: def.prompt,
    promptVersion: prompts.promptVersion,
    decoding,
    samples: def.samples,
    ...(def.slice && indices ? { slice: { ...def.slice, indices: [...indices] } } : {}),
  };
}
