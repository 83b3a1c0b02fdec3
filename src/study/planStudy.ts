import fs from 'node:fs';
import path from 'node:path';
import { buildRunItems } from '../generate/buildRunItems.ts';
import { hashAdapter } from '../generate/hashAdapter.ts';
import type { AdapterRef } from '../generate/RunConfig.ts';
import type { PromptInputs } from '../generate/spiderPromptInputs.ts';
import type { AdapterRecord } from '../store/openAdapterRegistry.ts';
import type { RunStore, RunSummary } from '../store/RunStore.ts';
import { cellRunConfig, differingRunSettings } from './cellRunConfig.ts';
import { assumedThroughput, type GpuThroughput } from './gpuThroughput.ts';
import type { StudyCell } from './studyCells.ts';

/**
 * scored: every question has a completion and its EX is in the store; generated: complete, not
 * scored yet; partial: some completions stored; missing: none; no-adapter: its LoRA adapter is
 * not registered in the run store (train it first); conflict: the store holds a run of that name
 * made with other settings (another model, adapter or adapter files, prompt, decoding, API,
 * endpoint profile or questions: what the run store would refuse to resume), which the study
 * leaves alone.
 */
export type CellState = 'scored' | 'generated' | 'partial' | 'missing' | 'no-adapter' | 'conflict';

export interface CellStatus {
  readonly cell: StudyCell;
  readonly state: CellState;
  readonly runId: number | null;
  /** Items (questions × samples) with a completion in the store. */
  readonly completed: number;
  /** Items still to complete (requests at most: the completion cache may hold some). */
  readonly missing: number;
  /** The adapter the cell uses, as registered (null for a plain model or an unregistered one). */
  readonly adapter: AdapterRecord | null;
  /** EX on the cell's questions, when scored. */
  readonly accuracy: number | null;
  /** For `conflict`: the settings that differ from the stored run's. */
  readonly differs: readonly string[];
}

export interface ModelEstimate {
  readonly model: string;
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly throughput: GpuThroughput;
  /** Load time plus prefill and decode at the assumed throughput. */
  readonly gpuSeconds: number;
}

export interface StudyEstimate {
  /** Requests still needed (an upper bound: cached completions are replayed without one). */
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Completion tokens per request: the mean of the study's stored completions, or an assumption. */
  readonly completionTokensPerRequest: { readonly value: number; readonly source: 'stored' | 'assumed' };
  /** How prompt tokens were counted (the prompt builder's tokenizer). */
  readonly tokenizer: string;
  /** Self-hosted (vLLM) models only: gateway requests use no GPU of ours. */
  readonly gpu: readonly ModelEstimate[];
  readonly gpuSeconds: number;
}

export interface StudyPlan {
  readonly experiment: string;
  readonly cells: readonly CellStatus[];
  readonly estimate: StudyEstimate | null;
}

export interface PlanStudyOptions {
  readonly store: RunStore;
  readonly adapters: readonly AdapterRecord[];
  /** Prompt inputs of the split: a stored run's settings are checked against the prompt they build; the estimate counts the prompt tokens still to send. */
  readonly inputs: PromptInputs;
  /** Count requests, tokens and GPU time (default true); false leaves `estimate` null. */
  readonly estimate?: boolean;
  /** Folder adapter paths are relative to: without it, an adapter named by path is checked by name only. */
  readonly cwd?: string;
  readonly throughput?: Partial<GpuThroughput>;
  /** Completion tokens per request when the store has none to average. Default 48. */
  readonly assumedCompletionTokens?: number;
}

/** The adapter a cell's definition names, as the run store registered it (latest registration wins). */
export function registeredAdapterOf(cell: StudyCell, adapters: readonly AdapterRecord[]): AdapterRecord | null {
  const a = cell.plan.def.adapter;
  if (!a || a.kind === 'path') return null;
  return adapters.filter((r) => (a.kind === 'hash' ? r.hash === a.hash : r.name === a.name)).at(-1) ?? null;
}

/** What the run store holds of each cell, and what filling the rest would take. */
export function planStudy(cells: readonly StudyCell[], o: PlanStudyOptions): StudyPlan {
  const experiment = cells[0]?.plan.experiment ?? '';
  const stored = new Map<string, RunSummary>(o.store.listRuns({ experiment }).map((r) => [r.name, r]));
  const statuses = cells.map((cell): CellStatus => {
    const def = cell.plan.def;
    const adapter = registeredAdapterOf(cell, o.adapters);
    const run = stored.get(def.name);
    const items = cell.indices.length * def.samples;
    const completed = run ? Math.min(run.completed, items) : 0;
    const missing = items - completed;
    let accuracy: number | null = null;
    let state: CellState;
    const differs = run ? differingRunSettings(cellRunConfig(cell, o.inputs, adapterRef(cell, adapter, run, o.cwd)), run) : [];
    if (differs.length > 0) state = 'conflict';
    else if (def.adapter?.kind === 'registered' && !adapter) state = 'no-adapter';
    else if (!run || run.completed === 0) state = 'missing';
    else if (missing > 0) state = 'partial';
    else {
      const scores = o.store.scores(run.id, 'ex').filter((s) => s.sample === 0);
      const wanted = new Set(cell.indices);
      const mine = scores.filter((s) => wanted.has(s.index));
      state = mine.length === cell.indices.length ? 'scored' : 'generated';
      if (state === 'scored') accuracy = mine.reduce((a, s) => a + s.value, 0) / mine.length;
    }
    return { cell, state, runId: run?.id ?? null, completed, missing, adapter, accuracy, differs };
  });
  return { experiment, cells: statuses, estimate: o.estimate === false ? null : estimate(statuses, [...stored.values()], o, o.inputs) };
}

/**
 * The adapter a cell's run would record: its name and the hash of its files as they resolve now.
 * Where they do not resolve (not registered; a path without `cwd` or no longer there), the stored
 * run's hash stands in when the names agree, so only the name is checked.
 */
function adapterRef(cell: StudyCell, registered: AdapterRecord | null, run: RunSummary, cwd: string | undefined): AdapterRef | null {
  const a = cell.plan.def.adapter;
  if (!a) return null;
  let hash: string | null = null;
  if (a.kind === 'hash') hash = a.hash;
  else if (a.kind === 'registered') hash = registered?.hash ?? null;
  else if (cwd !== undefined && fs.existsSync(path.resolve(cwd, a.path))) hash = hashAdapter(path.resolve(cwd, a.path));
  const stored = run.origin.kind === 'generated' ? run.origin.config.adapter : null;
  return { name: a.name, hash: hash ?? (stored?.name === a.name ? stored.hash : '') };
}

function estimate(statuses: readonly CellStatus[], runs: readonly RunSummary[], o: PlanStudyOptions, inputs: PromptInputs): StudyEstimate {
  const fetched = runs.reduce((a, r) => a + Math.max(0, r.completed - r.cached), 0);
  const outTokens = runs.reduce((a, r) => a + r.tokens.completion, 0);
  const perRequest = fetched > 0 && outTokens > 0 ? { value: outTokens / fetched, source: 'stored' as const } : { value: o.assumedCompletionTokens ?? 48, source: 'assumed' as const };
  // Prompts depend on the prompt settings and questions, not on the model: built once per kind.
  const built = new Map<string, { tokens: readonly number[]; tokenizer: string }>();
  let tokenizer = '';
  const perModel = new Map<string, { requests: number; promptTokens: number; completionTokens: number }>();
  let requests = 0;
  let promptTokens = 0;
  for (const s of statuses) {
    if (s.missing === 0 || s.state === 'conflict') continue;
    const def = s.cell.plan.def;
    const key = JSON.stringify([def.prompt, def.api, s.cell.indices.join(',')]);
    let b = built.get(key);
    if (!b) {
      const items = buildRunItems(inputs, { prompt: def.prompt, api: def.api, indices: s.cell.indices });
      b = { tokens: items.promptTokens, tokenizer: items.tokenizer };
      built.set(key, b);
    }
    tokenizer = b.tokenizer;
    const all = b.tokens.reduce((a, t) => a + t, 0) * def.samples;
    const items = s.cell.indices.length * def.samples;
    const prompt = Math.round((all * s.missing) / items);
    requests += s.missing;
    promptTokens += prompt;
    if (s.cell.plan.endpoint.profile !== 'vllm') continue;
    const m = perModel.get(def.model) ?? { requests: 0, promptTokens: 0, completionTokens: 0 };
    m.requests += s.missing;
    m.promptTokens += prompt;
    m.completionTokens += Math.round(s.missing * perRequest.value);
    perModel.set(def.model, m);
  }
  const gpu = [...perModel].map(([model, m]): ModelEstimate => {
    const throughput = assumedThroughput(model, o.throughput);
    return { model, ...m, throughput, gpuSeconds: throughput.loadSeconds + m.promptTokens / throughput.prefillTps + m.completionTokens / throughput.decodeTps };
  });
  return {
    requests,
    promptTokens,
    completionTokens: Math.round(requests * perRequest.value),
    completionTokensPerRequest: perRequest,
    tokenizer,
    gpu,
    gpuSeconds: gpu.reduce((a, g) => a + g.gpuSeconds, 0),
  };
}
