import { buildRunItems } from '../generate/buildRunItems.ts';
import { plannedRunConfig } from '../generate/plannedRunConfig.ts';
import { runConfigHash, type AdapterRef, type RunConfig } from '../generate/RunConfig.ts';
import type { PromptInputs } from '../generate/spiderPromptInputs.ts';
import type { RunSummary } from '../store/RunStore.ts';
import type { StudyCell } from './studyCells.ts';

/**
 * The settings `t2sql study run` records when it generates a cell (`generatePlannedRun` given the
 * cell's questions: plannedRunConfig). `adapter`: the adapter as it resolves now, null for a
 * plain model.
 */
export function cellRunConfig(cell: StudyCell, inputs: PromptInputs, adapter: AdapterRef | null): RunConfig {
  // The layout version and stop sequences are the same for every question: one prompt tells them.
  const built = buildRunItems(inputs, { prompt: cell.plan.def.prompt, api: cell.plan.def.api, indices: cell.indices.slice(0, 1) });
  return plannedRunConfig(cell.plan, built, adapter, cell.sliced ? cell.indices : undefined);
}

/**
 * What a stored run was made with that `config` would not make, by the identity the run store
 * checks before resuming a run (`runConfigHash`, the endpoint aside): none when the store would
 * resume it, else one entry per setting that differs (`decoding (maxTokens 512)`).
 */
export function differingRunSettings(config: RunConfig, run: RunSummary): string[] {
  if (run.origin.kind !== 'generated') return ['origin (an imported prediction file)'];
  const hash = runConfigHash(config);
  if (run.configHash === hash) return [];
  const stored = run.origin.config;
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(config)])] as (keyof RunConfig)[];
  // A setting differs when the stored value in its place changes the identity.
  const differs = keys.filter((k) => k !== 'endpoint' && runConfigHash({ ...config, [k]: stored[k] }) !== hash);
  const out = differs.map((k) => describeSetting(k, stored, config));
  return out.length > 0 ? out : ['settings'];
}

function describeSetting(key: keyof RunConfig, stored: RunConfig, config: RunConfig): string {
  switch (key) {
    case 'model':
      return `model (${stored.model})`;
    case 'adapter':
      return stored.adapter && config.adapter && stored.adapter.name === config.adapter.name
        ? `adapter (same name, other files: hash ${stored.adapter.hash.slice(0, 12)}… stored, ${config.adapter.hash.slice(0, 12)}… now)`
        : `adapter (${stored.adapter?.name ?? 'none'})`;
    case 'api':
      return `api (${stored.api})`;
    case 'promptVersion':
      return `prompt version (${stored.promptVersion})`;
    case 'decoding': {
      const fields = [...new Set([...Object.keys(stored.decoding), ...Object.keys(config.decoding)])] as (keyof RunConfig['decoding'])[];
      const differ = fields.filter((f) => JSON.stringify(stored.decoding[f]) !== JSON.stringify(config.decoding[f]));
      return `decoding (${differ.map((f) => `${f} ${JSON.stringify(stored.decoding[f])}`).join(', ')})`;
    }
    case 'samples':
      return `samples (${stored.samples})`;
    case 'split':
      return `split (${stored.split})`;
    case 'profile':
      return `endpoint profile (${stored.profile})`;
    case 'slice':
      return 'questions (another slice)';
    default:
      return key;
  }
}
