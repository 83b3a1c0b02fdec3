import { InputError } from '../data/InputError.ts';
import type { EndpointConfig } from './EndpointConfig.ts';
import type { Experiment, RunDefinition } from './Experiment.ts';

/** One run to generate: its definition, the endpoint it uses and the split it answers. */
export interface PlannedRun {
  readonly experiment: string;
  readonly split: 'dev' | 'train';
  readonly def: RunDefinition;
  readonly endpoint: EndpointConfig;
}

/** The experiment's runs whose name matches one of `patterns` (`*` is a wildcard; none = all). */
export function planRuns(experiment: Experiment, patterns: readonly string[], split: 'dev' | 'train' = experiment.split): PlannedRun[] {
  const selected = experiment.runs.filter((r) => patterns.length === 0 || patterns.some((p) => glob(p).test(r.name)));
  if (selected.length === 0) {
    throw new InputError(`no run of experiment '${experiment.name}' matches ${patterns.join(', ')} (runs: ${experiment.runs.map((r) => r.name).join(', ')})`);
  }
  return selected.map((def) => ({ experiment: experiment.name, split, def, endpoint: experiment.endpoints[def.endpoint]! }));
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
