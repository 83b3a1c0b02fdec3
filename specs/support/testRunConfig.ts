import { decodingSettings } from '../../src/generate/DecodingSettings.ts';
import type { RunConfig } from '../../src/generate/RunConfig.ts';

/** A run's settings for specs of the run store and generation: a chat run of model 'm' on vLLM at :8000, changed by `overrides`. */
export function testRunConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    experiment: 'spec',
    name: 'r',
    split: 'dev',
    profile: 'vllm',
    endpoint: 'http://127.0.0.1:8000/v1',
    model: 'm',
    adapter: null,
    api: 'chat',
    prompt: { schema: 'keys', shots: 0, options: {} },
    promptVersion: 'test',
    decoding: decodingSettings(),
    samples: 1,
    ...overrides,
  };
}
