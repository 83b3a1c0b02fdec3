import path from 'node:path';
import { InputError } from '../data/InputError.ts';
import { endpointIdentity, type EndpointConfig } from '../generate/EndpointConfig.ts';
import { generatePlannedRun } from '../generate/generatePlannedRun.ts';
import type { GenerationSummary } from '../generate/generateRun.ts';
import { launchVllm, VllmNotFoundError, VllmStartError, type LaunchVllmOptions, type LoraModule } from '../generate/launchVllm.ts';
import { openAiBackend } from '../generate/openAiBackend.ts';
import type { PromptInputs } from '../generate/spiderPromptInputs.ts';
import type { GoldResultCache } from '../metrics/ExecutionEnv.ts';
import type { SqlExecutor } from '../sql/ExecOutcome.ts';
import type { AdapterRecord } from '../store/openAdapterRegistry.ts';
import type { RunStore } from '../store/RunStore.ts';
import { planStudy, type CellStatus, type StudyPlan } from './planStudy.ts';
import { scoreStudyCell } from './scoreStudyCell.ts';
import type { StudyCell } from './studyCells.ts';

/** What `runStudy` reports as it goes, for the caller to print. */
export type StudyEvent =
  | { readonly kind: 'launch'; readonly model: string; readonly loras: readonly LoraModule[] }
  | { readonly kind: 'ready'; readonly model: string; readonly baseUrl: string }
  | { readonly kind: 'stopped'; readonly model: string }
  | { readonly kind: 'generated'; readonly label: string; readonly endpoint: string; readonly summary: GenerationSummary }
  | { readonly kind: 'scored'; readonly label: string; readonly accuracy: number; readonly n: number }
  /** A cell left as it is: its adapter is not trained, no endpoint serves its model, or requests failed. */
  | { readonly kind: 'skipped'; readonly label: string; readonly reason: string };

export interface RunStudySetup {
  readonly store: RunStore;
  readonly adapters: readonly AdapterRecord[];
  readonly inputs: PromptInputs;
  readonly dataRoot: string;
  readonly executor: SqlExecutor;
  readonly goldCache?: GoldResultCache;
  readonly codeVersion: string;
  /** The caller's environment (API keys are read from it). */
  readonly env: (name: string) => string | undefined;
  readonly cwd: string;
  /**
   * OpenAI base URLs already up (vLLM servers, a gateway). Given, no vLLM is started: each cell
   * goes to an endpoint that lists its model, several endpoints working at once. Empty: the
   * experiment's endpoints, starting vLLM (with the cells' adapters) for each self-hosted model.
   * A given endpoint is sent an API key only where it is at the URL of an experiment endpoint
   * that reads one (`apiKeyEnv`), and then that endpoint's key.
   */
  readonly endpoints: readonly string[];
  readonly launch?: Omit<LaunchVllmOptions, 'loras' | 'signal'>;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly concurrency?: number | undefined;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: StudyEvent) => void;
}

export interface StudyRunResult {
  /** The plan before this invocation. */
  readonly before: StudyPlan;
  readonly generated: number;
  readonly scored: number;
  readonly skipped: number;
  /** Completions requested from a server in this invocation. */
  readonly fetched: number;
  readonly failed: number;
}

/**
 * Fills the study's missing cells and scores them, resumably: cells the store holds complete are
 * not generated again (and no server is started or asked for them); within a cell, stored
 * completions are never requested again (the run store's ledger and cache). Cells run on several
 * endpoints at once share the store safely: each item is leased to one process.
 */
export async function runStudy(cells: readonly StudyCell[], s: RunStudySetup): Promise<StudyRunResult> {
  const plan = () => planStudy(cells, { store: s.store, adapters: s.adapters, inputs: s.inputs, cwd: s.cwd, estimate: false });
  const before = plan();
  const emit = s.onEvent ?? (() => {});
  let generated = 0;
  let skipped = 0;
  let fetched = 0;
  let failed = 0;
  const todo: CellStatus[] = [];
  for (const c of before.cells) {
    if (c.state === 'no-adapter') {
      emit({ kind: 'skipped', label: c.cell.label, reason: `adapter '${c.cell.plan.def.adapter!.name}' is not registered in the run store (t2sql train first)` });
      skipped++;
    } else if (c.state === 'conflict') {
      emit({ kind: 'skipped', label: c.cell.label, reason: `the run store holds this run with other settings: ${c.differs.join(', ')} (t2sql runs delete ${c.cell.label}, or rename the run)` });
      skipped++;
    } else if (c.state === 'missing' || c.state === 'partial') todo.push(c);
  }

  const generate = async (c: CellStatus, endpoint: EndpointConfig): Promise<void> => {
    const options = {
      store: s.store, inputs: s.inputs, codeVersion: s.codeVersion, env: s.env, cwd: s.cwd, indices: c.cell.indices,
      registeredAdapter: (name: string) => s.adapters.filter((a) => a.name === name).at(-1) ?? null,
      timeoutMs: s.timeoutMs, maxAttempts: s.maxAttempts, concurrency: s.concurrency, check: false, allowEndpointChange: true,
      ...(s.signal ? { signal: s.signal } : {}),
    };
    let summary;
    try {
      ({ summary } = await generatePlannedRun({ ...c.cell.plan, endpoint }, options));
    } catch (err) {
      // A cell that cannot start (no API key, settings that conflict with the stored run) is
      // reported and left; the other cells go on.
      if (!(err instanceof InputError)) throw err;
      emit({ kind: 'skipped', label: c.cell.label, reason: err.message });
      skipped++;
      return;
    }
    emit({ kind: 'generated', label: c.cell.label, endpoint: endpoint.baseUrl, summary });
    generated++;
    fetched += summary.fetched;
    failed += summary.failed;
  };

  if (todo.length > 0 && s.endpoints.length > 0) skipped += await onGivenEndpoints(todo, s, generate, emit);
  else if (todo.length > 0) await onExperimentEndpoints(todo, s, generate, emit);

  // Score every cell that is now complete and not scored yet.
  let scored = 0;
  for (const c of plan().cells) {
    if (s.signal?.aborted) break;
    if (c.state !== 'generated' || c.runId === null) continue;
    const accuracy = await scoreStudyCell(c.cell, c.runId, { store: s.store, dataRoot: s.dataRoot, executor: s.executor, ...(s.goldCache ? { goldCache: s.goldCache } : {}) });
    emit({ kind: 'scored', label: c.cell.label, accuracy, n: c.cell.indices.length });
    scored++;
  }
  return { before, generated, scored, skipped, fetched, failed };
}

/** The model name a cell's requests carry: its adapter's name on vLLM, else the model id. */
const requested = (c: CellStatus): string => c.cell.plan.def.adapter?.name ?? c.cell.plan.def.model;

type Generate = (c: CellStatus, endpoint: EndpointConfig) => Promise<void>;

/** Each endpoint works through the cells whose model it lists, taking the next one when done. */
async function onGivenEndpoints(todo: readonly CellStatus[], s: RunStudySetup, generate: Generate, emit: (e: StudyEvent) => void): Promise<number> {
  // An --endpoint at the URL of one of the experiment's endpoints (a gateway) gets the key that
  // endpoint reads; any other (a vLLM server) gets none.
  const keyEnvOf = (baseUrl: string): string | null => {
    const at = endpointIdentity({ baseUrl });
    return todo.map((c) => c.cell.plan.endpoint).find((e) => e.apiKeyEnv !== null && endpointIdentity(e) === at)?.apiKeyEnv ?? null;
  };
  const listed = await Promise.all(
    s.endpoints.map(async (baseUrl) => {
      const keyEnv = keyEnvOf(baseUrl);
      const apiKey = keyEnv ? (s.env(keyEnv) ?? null) : null;
      const r = await openAiBackend({ profile: 'openai-compatible', baseUrl, apiKeyEnv: null, headers: {} }, { apiKey, timeoutMs: s.timeoutMs }).listModels(s.signal ? { signal: s.signal } : {});
      if (r.kind === 'error') throw new InputError(`cannot list the models of --endpoint ${baseUrl} (is it up?)`);
      return { baseUrl, keyEnv, models: new Set(r.models) };
    }),
  );
  const served = (c: CellStatus, e: (typeof listed)[number]): boolean => e.models.has(requested(c));
  const queue = todo.filter((c) => listed.some((e) => served(c, e)));
  for (const c of todo.filter((c) => !queue.includes(c))) emit({ kind: 'skipped', label: c.cell.label, reason: `no --endpoint lists model '${requested(c)}'` });
  await Promise.all(
    listed.map(async (e) => {
      for (;;) {
        if (s.signal?.aborted) return;
        const next = queue.findIndex((c) => served(c, e));
        if (next < 0) return;
        const [c] = queue.splice(next, 1);
        await generate(c!, { ...c!.cell.plan.endpoint, baseUrl: e.baseUrl, apiKeyEnv: e.keyEnv });
      }
    }),
  );
  return todo.length - todo.filter((c) => listed.some((e) => served(c, e))).length;
}

/** Self-hosted models one at a time (vLLM started with the model's adapters, then stopped); others as configured. */
async function onExperimentEndpoints(todo: readonly CellStatus[], s: RunStudySetup, generate: Generate, emit: (e: StudyEvent) => void): Promise<void> {
  const hosted = todo.filter((c) => c.cell.plan.endpoint.profile === 'vllm');
  for (const c of todo.filter((c) => !hosted.includes(c))) {
    if (s.signal?.aborted) return;
    await generate(c, c.cell.plan.endpoint);
  }
  const models = [...new Set(hosted.map((c) => c.cell.plan.def.model))];
  for (const model of models) {
    if (s.signal?.aborted) return;
    const mine = hosted.filter((c) => c.cell.plan.def.model === model);
    const loras = new Map<string, LoraModule>();
    for (const c of mine) {
      const a = c.cell.plan.def.adapter;
      if (!a) continue;
      const dir = a.kind === 'path' ? path.resolve(s.cwd, a.path) : c.adapter?.path;
      if (!dir) throw new InputError(`adapter '${a.name}' of ${c.cell.label}: no folder known for hash ${a.kind === 'hash' ? a.hash : '?'} (register it with t2sql train, or name it by "path")`);
      loras.set(a.name, { name: a.name, path: dir });
    }
    const url = new URL(mine[0]!.cell.plan.endpoint.baseUrl);
    emit({ kind: 'launch', model, loras: [...loras.values()] });
    let server;
    try {
      server = await launchVllm(model, {
        ...s.launch,
        loras: [...loras.values()],
        ...(s.launch?.port === undefined && url.port ? { port: Number(url.port) } : {}),
        ...(s.signal ? { signal: s.signal } : {}),
      });
    } catch (err) {
      if (err instanceof VllmNotFoundError) throw new InputError(`${err.message} (or give --endpoint URL of servers that are up)`);
      if (err instanceof VllmStartError) throw new InputError(`vLLM did not start for ${model}: ${err.message}`);
      throw err;
    }
    emit({ kind: 'ready', model, baseUrl: server.baseUrl });
    try {
      for (const c of mine) {
        if (s.signal?.aborted) break;
        await generate(c, { ...c.cell.plan.endpoint, baseUrl: server.baseUrl });
      }
    } finally {
      await server.stop();
      emit({ kind: 'stopped', model });
    }
  }
}
