import { InputError } from '../data/InputError.ts';
import type { Experiment } from './Experiment.ts';
import { parseExperiment } from './parseExperiment.ts';

/** Optional fields of one type: absent, or undefined as an unset flag gives them. */
type Optional<K extends string, T> = { readonly [P in K]?: T | undefined };

/** One run given field by field (the CLI's `--model …` flags) instead of by an experiment file. */
export type AdhocRun = {
  readonly model: string;
  /** `NAME=DIR` (a folder to hash) or `NAME@HASH`. */
  readonly adapter?: string | undefined;
  readonly stop?: readonly string[] | undefined;
} & Optional<'endpoint' | 'profile' | 'apiKeyEnv' | 'api' | 'schema' | 'selector' | 'name', string> &
  Optional<'shots' | 'temperature' | 'topP' | 'maxTokens' | 'seed' | 'samples', number>;

/** The experiment "adhoc" holding one run, validated by the same rules as an experiment file. */
export function adhocExperiment(run: AdhocRun): Experiment {
  const schema = run.schema ?? 'keys';
  const shots = run.shots ?? 0;
  let adapter: Record<string, string> | undefined;
  if (run.adapter !== undefined) {
    const m = /^([^=@]+)([=@])(.+)$/.exec(run.adapter);
    if (!m) throw new InputError(`--adapter expects NAME=DIR or NAME@HASH, got '${run.adapter}'`);
    adapter = m[2] === '=' ? { name: m[1]!, path: m[3]! } : { name: m[1]!, hash: m[3]! };
  }
  const defaultName = `${run.model.split('/').pop()}${adapter ? `-${adapter.name}` : ''}-${schema}-${shots}shot`.toLowerCase().replace(/[^a-z0-9._+-]+/g, '-');
  const json = {
    name: 'adhoc',
    endpoints: {
      cli: {
        ...(run.profile !== undefined ? { profile: run.profile } : {}),
        ...(run.endpoint !== undefined ? { baseUrl: run.endpoint } : {}),
        ...(run.apiKeyEnv !== undefined ? { apiKeyEnv: run.apiKeyEnv } : {}),
      },
    },
    runs: [
      {
        name: run.name ?? defaultName,
        endpoint: 'cli',
        model: run.model,
        ...(adapter ? { adapter } : {}),
        api: run.api ?? 'chat',
        schema,
        shots,
        ...(run.selector !== undefined ? { promptOptions: { selector: run.selector } } : {}),
        decoding: {
          temperature: run.temperature ?? 0,
          topP: run.topP ?? 1,
          maxTokens: run.maxTokens ?? 256,
          ...(run.seed !== undefined ? { seed: run.seed } : {}),
          ...(run.stop && run.stop.length > 0 ? { stop: run.stop } : {}),
        },
        samples: run.samples ?? 1,
      },
    ],
  };
  try {
    return parseExperiment(json);
  } catch (err) {
    // "runs[0].decoding: …" names a place in a file the user never wrote: keep the message.
    if (err instanceof InputError) throw new InputError(err.message.replace(/^(runs\[0\]|endpoints\.cli)\.?/, '').replace(/^[^:]*: /, ''));
    throw err;
  }
}
