import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../data/InputError.ts';
import { writePredictionFile } from '../../data/predictionFile.ts';
import { spiderPaths } from '../../data/spiderPaths.ts';
import { buildRunItems } from '../../generate/buildRunItems.ts';
import { describeGenerationError } from '../../generate/CompletionBackend.ts';
import { decodingSettings } from '../../generate/DecodingSettings.ts';
import { endpointIdentity, endpointProfiles, type EndpointConfig } from '../../generate/EndpointConfig.ts';
import type { Experiment, RunDefinition } from '../../generate/Experiment.ts';
import { generateRun, type GenerationSummary } from '../../generate/generateRun.ts';
import { hashAdapter } from '../../generate/hashAdapter.ts';
import { openAiBackend } from '../../generate/openAiBackend.ts';
import { experimentFile, loadExperiment, parseExperiment } from '../../generate/parseExperiment.ts';
import { requestModel, type RunConfig } from '../../generate/RunConfig.ts';
import { spiderPromptInputs } from '../../generate/spiderPromptInputs.ts';
import { extractSql } from '../../prompt/extractSql.ts';
import { t2sqlVersion } from '../../version.ts';
import { openRunStore } from '../../store/openRunStore.ts';
import { RunConflictError } from '../../store/RunConflictError.ts';
import type { RunStore } from '../../store/RunStore.ts';
import { runStoreFile } from '../../store/runStorePath.ts';
import type { CliContext, Command } from '../Command.ts';
import { dataRootFor, oneOf, parsePositiveInt, parsePositiveNumber, t2sqlHome, parseFlags } from '../_internals/common.ts';
import { progressBar } from '../_internals/progressBar.ts';

const help = `t2sql generate — generate SQL for Spider questions with an OpenAI-compatible server
(vLLM, LLMGateway, llama.cpp, Ollama, OpenAI), committing each completion to the run store.

Usage:
  t2sql generate --experiment NAME [--run GLOB ...] [--limit N] [--out DIR] [--list]
  t2sql generate --model ID --endpoint URL [--profile P] [--api chat|completions]
                 [--schema REP] [--shots N] [--name RUN] [--limit N] [--out DIR]

Runs:
  --experiment NAME   experiments/NAME.json (or a path to a .json file); every run in it, or
                      those whose name matches a --run pattern (* is a wildcard; repeatable)
  --list              list the experiment's runs and what the store holds of them; generate nothing
  --model ID          ad hoc run (experiment "adhoc"): the model id as the server knows it
  --endpoint URL      its base URL, e.g. http://127.0.0.1:8000/v1 (default: the profile's)
  --profile P         ${endpointProfiles.join(', ')} (default openai-compatible)
  --api-key-env VAR   environment variable holding the API key (llmgateway: LLMGATEWAY_API_KEY)
  --api KIND          chat (default) or completions (base models: the flattened prompt)
  --adapter NAME=DIR  a vLLM LoRA adapter: requests name NAME; DIR is hashed to identify it
  --schema REP        schema representation (default keys)      --shots N   examples (default 0)
  --selector S        few-shot selection: random, bm25 (default), dail
  --name RUN          the ad hoc run's name (default: model-schema-Nshot)

Decoding (ad hoc runs): --temperature T (0) --top-p P (1) --max-tokens N (256) --seed N
  --stop S (repeatable) --samples N (1; each sample is its own draw and cache entry)

Both:
  --split dev|train   questions to answer (default: the experiment's, else dev)
  --limit N           only the first N questions (running again without it widens the run)
  --concurrency N     requests in flight (default: the run's, else 8)
  --timeout S         per request, in seconds (default 120)
  --max-attempts N    per completion, first try included (default 6); retries back off
                      exponentially with jitter on 429 / 5xx / dropped connections, honouring
                      Retry-After
  --out DIR           also write the predictions for \`t2sql eval --pred\`: DIR/pred.sql for one
                      run, DIR/<run>/pred.sql for several, each with run.json (settings, counts)
  --no-check          do not ask the server's /v1/models whether it serves the model first
  --data DIR          data root (else $T2SQL_DATA, ./data, ../shared)

A run is resumed when started again with the same settings: completions already stored are not
requested again; failures are retried. A completion with the same endpoint, model, adapter,
prompt, decoding and sample index is served from the cache (counted as cached, costing nothing).
The store is $T2SQL_HOME/runs.sqlite (default ./.t2sql). Ctrl-C stops after committing what
has arrived.
`;

interface PlannedRun {
  readonly experiment: string;
  readonly split: 'dev' | 'train';
  readonly def: RunDefinition;
  readonly endpoint: EndpointConfig;
}

export const command: Command = {
  name: 'generate',
  summary: 'generate SQL with an OpenAI-compatible model server into the run store',
  help,
  async run(ctx) {
    const { values } = parseFlags(ctx.argv, {
      experiment: { type: 'string' },
      run: { type: 'string', multiple: true },
      list: { type: 'boolean' },
      model: { type: 'string' },
      endpoint: { type: 'string' },
      profile: { type: 'string' },
      'api-key-env': { type: 'string' },
      api: { type: 'string' },
      adapter: { type: 'string' },
      schema: { type: 'string' },
      shots: { type: 'string' },
      selector: { type: 'string' },
      name: { type: 'string' },
      temperature: { type: 'string' },
      'top-p': { type: 'string' },
      'max-tokens': { type: 'string' },
      seed: { type: 'string' },
      stop: { type: 'string', multiple: true },
      samples: { type: 'string' },
      split: { type: 'string' },
      limit: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      'max-attempts': { type: 'string' },
      out: { type: 'string' },
      'no-check': { type: 'boolean' },
      data: { type: 'string' },
    });
    if (values.experiment !== undefined && values.model !== undefined) throw new InputError('give --experiment or --model, not both');
    const experiment = values.experiment !== undefined ? loadExperiment(experimentFile(values.experiment, ctx.cwd)) : values.model !== undefined ? adhocExperiment(values) : null;
    if (!experiment) throw new InputError('give --experiment NAME or --model ID --endpoint URL (see --help)');
    const split = oneOf(values.split, ['dev', 'train'] as const, '--split') ?? experiment.split;
    const patterns = values.run ?? [];
    const selected = experiment.runs.filter((r) => patterns.length === 0 || patterns.some((p) => glob(p).test(r.name)));
    if (selected.length === 0) throw new InputError(`no run of experiment '${experiment.name}' matches ${patterns.join(', ')} (runs: ${experiment.runs.map((r) => r.name).join(', ')})`);
    const planned: PlannedRun[] = selected.map((def) => ({ experiment: experiment.name, split, def, endpoint: experiment.endpoints[def.endpoint]! }));

    const store = openRunStore(runStoreFile(t2sqlHome(ctx)));
    try {
      if (values.list) return listRuns(ctx, store, planned);
      const limit = parsePositiveInt(values.limit, '--limit');
      const concurrency = parsePositiveInt(values.concurrency, '--concurrency');
      const timeoutMs = (parsePositiveNumber(values.timeout, '--timeout') ?? 120) * 1000;
      const maxAttempts = parsePositiveInt(values['max-attempts'], '--max-attempts') ?? 6;
      const inputs = spiderPromptInputs(spiderPaths(dataRootFor(ctx, values.data).dir), split);
      const codeVersion = await codeVersionOf(ctx.cwd);
      const controller = new AbortController();
      const onSigint = (): void => {
        ctx.stderr.write('\ninterrupted: finishing the requests in flight; run the same command again to resume\n');
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      let failed = 0;
      try {
        for (const plan of planned) {
          if (controller.signal.aborted) break;
          const summary = await generateOne(ctx, store, plan, inputs, { limit, concurrency, timeoutMs, maxAttempts, codeVersion, check: !values['no-check'], signal: controller.signal });
          failed += summary.failed;
          if (values.out && !summary.aborted) writeOut(ctx, store, plan, path.resolve(ctx.cwd, values.out), planned.length > 1);
        }
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      if (controller.signal.aborted) return 130;
      if (failed > 0) {
        ctx.stderr.write(`${failed} completion(s) failed (recorded); run the same command again to retry them\n`);
        return 1;
      }
      return 0;
    } finally {
      store.close();
    }
  },
};

async function generateOne(
  ctx: CliContext,
  store: RunStore,
  plan: PlannedRun,
  inputs: ReturnType<typeof spiderPromptInputs>,
  o: { limit: number | undefined; concurrency: number | undefined; timeoutMs: number; maxAttempts: number; codeVersion: string; check: boolean; signal: AbortSignal },
): Promise<GenerationSummary> {
  const { def, endpoint } = plan;
  const label = `${plan.experiment}/${def.name}`;
  const adapter = def.adapter === null ? null : { name: def.adapter.name, hash: def.adapter.kind === 'hash' ? def.adapter.hash : adapterHash(path.resolve(ctx.cwd, def.adapter.path), def.adapter.name) };
  let apiKey: string | null = null;
  if (endpoint.apiKeyEnv) {
    apiKey = ctx.env[endpoint.apiKeyEnv] ?? null;
    if (!apiKey) throw new InputError(`${endpoint.apiKeyEnv} is not set: the endpoint ${endpoint.baseUrl} (${endpoint.profile}) reads its API key from it`);
  }
  const built = buildRunItems(inputs, { prompt: def.prompt, api: def.api, ...(o.limit ? { limit: o.limit } : {}) });
  // Base models continue the text prompt; the prompt says where an answer ends.
  const decoding = def.api === 'completions' && def.decoding.stop.length === 0 ? decodingSettings({ ...def.decoding, stop: built.stop }) : def.decoding;
  const config: RunConfig = {
    experiment: plan.experiment,
    name: def.name,
    split: plan.split,
    profile: endpoint.profile,
    endpoint: endpointIdentity(endpoint),
    model: def.model,
    adapter,
    api: def.api,
    prompt: def.prompt,
    promptVersion: built.promptVersion,
    decoding,
    samples: def.samples,
  };
  const backend = openAiBackend(endpoint, { apiKey, timeoutMs: o.timeoutMs });
  const model = requestModel(config);
  if (o.check) {
    const listed = await backend.listModels({ signal: o.signal });
    if (listed.kind === 'error') throw new InputError(`cannot list models at ${endpoint.baseUrl}: ${describeGenerationError(listed.error)} (is the server up? --no-check skips this)`);
    if (!listed.models.includes(model)) {
      const message = `${endpoint.baseUrl} does not list model '${model}' (it lists ${listed.models.slice(0, 8).join(', ') || 'nothing'})`;
      // vLLM serves exactly what it lists; gateways may route more than they list.
      if (endpoint.profile === 'vllm') throw new InputError(`${message}; start it with t2sql serve --model ${def.model}${adapter ? ` --lora ${adapter.name}=PATH` : ''}`);
      ctx.stderr.write(`warning: ${message}\n`);
    }
  }
  let begun;
  try {
    begun = store.beginRun(config, { n: built.items.length, codeVersion: o.codeVersion });
  } catch (err) {
    if (err instanceof RunConflictError) throw new InputError(err.message);
    throw err;
  }
  ctx.stderr.write(`${begun.resumed ? 'resuming' : 'starting'} ${label}: ${model} · ${built.representation} · ${def.prompt.shots} shot(s) · ${def.api} · n=${built.items.length}${def.samples > 1 ? ` × ${def.samples} samples` : ''}\n`);
  const bar = progressBar(ctx.stderr, def.name);
  let summary: GenerationSummary;
  try {
    summary = await generateRun(built.items, {
      backend,
      ledger: store.ledger(begun.run.id),
      model,
      adapterHash: adapter?.hash ?? null,
      extract: extractSql,
      decoding,
      samples: def.samples,
      concurrency: o.concurrency ?? def.concurrency,
      retry: { maxAttempts: o.maxAttempts },
      signal: o.signal,
      onProgress: (p) => bar.update(p.resumed + p.fetched + p.cached + p.failed, p.total, `cached ${p.cached} failed ${p.failed} retries ${p.retries}`),
    });
  } finally {
    bar.done();
  }
  const latency = summary.latencyMs ? `, latency mean ${Math.round(summary.latencyMs.mean)} ms p95 ${Math.round(summary.latencyMs.p95)} ms` : '';
  const tokens = summary.fetched > 0 ? `, tokens ${summary.tokens.prompt} in / ${summary.tokens.completion} out` : '';
  ctx.stdout.write(
    `${label}: ${summary.aborted ? 'interrupted' : 'done'} · ${summary.total} total: ${summary.resumed} already stored, ${summary.fetched} fetched, ${summary.cached} cached, ` +
      `${summary.failed} failed, ${summary.noSql} without SQL · ${summary.retries} retries · ${(summary.elapsedMs / 1000).toFixed(1)} s${latency}${tokens}\n`,
  );
  return summary;
}

function writeOut(ctx: CliContext, store: RunStore, plan: PlannedRun, outDir: string, several: boolean): void {
  const run = store.findRun(plan.experiment, plan.def.name);
  if (!run) return;
  const dir = several ? path.join(outDir, plan.def.name) : outDir;
  const predictions = store.predictions(run.id);
  writePredictionFile(path.join(dir, 'pred.sql'), predictions.map((p) => p.sql));
  const summary = store.listRuns({ experiment: plan.experiment }).find((r) => r.id === run.id);
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ store: store.file, ...summary }, null, 2) + '\n');
  ctx.stderr.write(`wrote ${path.relative(ctx.cwd, path.join(dir, 'pred.sql')) || 'pred.sql'} (${predictions.length} predictions) and run.json\n`);
}

function listRuns(ctx: CliContext, store: RunStore, planned: readonly PlannedRun[]): number {
  const held = new Map(store.listRuns({ experiment: planned[0]?.experiment ?? '' }).map((r) => [r.name, r]));
  for (const { def } of planned) {
    const r = held.get(def.name);
    const status = !r ? 'not started' : r.finishedAt ? `finished (${r.completed}/${r.n}, ${r.failed} failed)` : `partial (${r.completed}/${r.n})`;
    ctx.stdout.write(`${def.name.padEnd(44)} ${def.model}${def.adapter ? ` + ${def.adapter.name}` : ''} · ${def.prompt.schema} · ${def.prompt.shots} shot(s) · ${def.api}  ${status}\n`);
  }
  return 0;
}

function adapterHash(dir: string, name: string): string {
  if (!fs.existsSync(dir)) throw new InputError(`adapter '${name}': no such file or folder (give "hash" instead of "path" when the adapter lives elsewhere)`, { file: dir });
  return hashAdapter(dir);
}

/** An ad hoc run from flags, validated by the same rules as an experiment file. */
function adhocExperiment(v: Record<string, string | boolean | string[] | undefined>): Experiment {
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const num = (k: string): number | undefined => {
    const s = str(k);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isFinite(n)) throw new InputError(`--${k} expects a number, got '${s}'`);
    return n;
  };
  const model = str('model')!;
  const schema = str('schema') ?? 'keys';
  const shots = num('shots') ?? 0;
  const adapterFlag = str('adapter');
  let adapter: Record<string, string> | undefined;
  if (adapterFlag !== undefined) {
    const m = /^([^=@]+)([=@])(.+)$/.exec(adapterFlag);
    if (!m) throw new InputError(`--adapter expects NAME=DIR or NAME@HASH, got '${adapterFlag}'`);
    adapter = m[2] === '=' ? { name: m[1]!, path: m[3]! } : { name: m[1]!, hash: m[3]! };
  }
  const defaultName = `${model.split('/').pop()}${adapter ? `-${adapter.name}` : ''}-${schema}-${shots}shot`.toLowerCase().replace(/[^a-z0-9._+-]+/g, '-');
  const profile = str('profile');
  const json = {
    name: 'adhoc',
    endpoints: {
      cli: {
        ...(profile !== undefined ? { profile } : {}),
        ...(str('endpoint') !== undefined ? { baseUrl: str('endpoint') } : {}),
        ...(str('api-key-env') !== undefined ? { apiKeyEnv: str('api-key-env') } : {}),
      },
    },
    runs: [
      {
        name: str('name') ?? defaultName,
        endpoint: 'cli',
        model,
        ...(adapter ? { adapter } : {}),
        api: str('api') ?? 'chat',
        schema,
        shots,
        ...(str('selector') !== undefined ? { promptOptions: { selector: str('selector') } } : {}),
        decoding: {
          temperature: num('temperature') ?? 0,
          topP: num('top-p') ?? 1,
          maxTokens: num('max-tokens') ?? 256,
          ...(num('seed') !== undefined ? { seed: num('seed') } : {}),
          ...(Array.isArray(v.stop) ? { stop: v.stop } : {}),
        },
        samples: num('samples') ?? 1,
      },
    ],
  };
  try {
    return parseExperiment(json);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(err.message.replace(/^(runs\[0\]|endpoints\.cli)\.?/, '').replace(/^[^:]*: /, ''));
    throw err;
  }
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** t2sql's version, plus the git revision of the working directory when there is one. */
async function codeVersionOf(cwd: string): Promise<string> {
  const version = t2sqlVersion();
  try {
    const { execa } = await import('execa');
    const r = await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd, reject: false, timeout: 5_000 });
    return r.exitCode === 0 && r.stdout ? `${version}+g${r.stdout.trim()}` : version;
  } catch {
    return version;
  }
}
