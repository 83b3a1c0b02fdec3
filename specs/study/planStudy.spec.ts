// planStudy on a real run store and real Spider prompts: cell states from what is stored, and the
// estimate's arithmetic (requests, prompt tokens from the prompt builder, GPU time from the stated
// throughput). Generation goes through the loopback OpenAI-compatible server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { buildRunItems } from '../../src/generate/buildRunItems.ts';
import { generatePlannedRun } from '../../src/generate/generatePlannedRun.ts';
import { hashAdapter } from '../../src/generate/hashAdapter.ts';
import { parseExperiment } from '../../src/generate/parseExperiment.ts';
import { spiderPromptInputs, type PromptInputs } from '../../src/generate/spiderPromptInputs.ts';
import { openAdapterRegistry } from '../../src/store/openAdapterRegistry.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import type { RunStore } from '../../src/store/RunStore.ts';
import { assumedThroughput, modelSizeB } from '../../src/study/gpuThroughput.ts';
import { planStudy } from '../../src/study/planStudy.ts';
import { studyCells } from '../../src/study/studyCells.ts';
import { sampleIndices } from '../../src/stats/sampleIndices.ts';
import { startLoopbackOpenAi, type LoopbackServer } from '../generate/support/loopbackOpenAiServer.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const paths = spiderPaths(resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: repo }).dir);

test('model sizes from model ids, and the throughput assumed for them', () => {
  expect(modelSizeB('Qwen/Qwen2.5-Coder-1.5B-Instruct')).toBe(1.5);
  expect(modelSizeB('Qwen/Qwen2.5-Coder-7B')).toBe(7);
  expect(modelSizeB('gpt-4.1-mini')).toBeNull();
  const small = assumedThroughput('Qwen/Qwen2.5-Coder-1.5B-Instruct');
  const big = assumedThroughput('Qwen/Qwen2.5-Coder-7B-Instruct');
  expect(small.decodeTps).toBeGreaterThan(big.decodeTps);
  expect(assumedThroughput('Qwen/Qwen2.5-Coder-7B-Instruct', { decodeTps: 123 })).toEqual({ ...big, decodeTps: 123 });
});

describe('planStudy', () => {
  requireData([paths.dev, paths.tables, paths.databaseDir], fetchData.spider);
  let dir: string;
  let store: RunStore;
  let inputs: PromptInputs;
  let server: LoopbackServer;
  const experiment = parseExperiment({
    name: 'p',
    endpoints: { gpu: { profile: 'vllm', baseUrl: 'http://127.0.0.1:9/v1' }, gw: { profile: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' } },
    slices: { s: { n: 4, seed: 3 } },
    runs: [
      { name: 'small-{schema}', endpoint: 'gpu', model: 'Qwen/Qwen2.5-Coder-1.5B-Instruct', grid: { schema: { minimal: { schema: 'minimal' }, ddl: { schema: 'ddl' } } } },
      { name: 'small-minimal-s', endpoint: 'gpu', model: 'Qwen/Qwen2.5-Coder-1.5B-Instruct', schema: 'minimal', slice: 's' },
      { name: 'frontier', endpoint: 'gw', model: 'gpt-4.1-mini', schema: 'minimal' },
      { name: 'lora', endpoint: 'gpu', model: 'Qwen/Qwen2.5-Coder-1.5B-Instruct', schema: 'minimal', adapter: { name: 'not-trained', registered: true } },
    ],
  });
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-plan-'));
    store = openRunStore(path.join(dir, 'runs.sqlite'));
    inputs = spiderPromptInputs(paths, 'dev');
    server = await startLoopbackOpenAi({ models: ['Qwen/Qwen2.5-Coder-1.5B-Instruct'], fallback: 'SELECT one two three' });
  });
  afterAll(async () => {
    store?.close();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('slices are the seeded sample of the population the study covers', () => {
    const cells = studyCells(experiment, { splitSize: 1034, limit: 12 });
    expect(cells.find((c) => c.plan.def.name === 'small-minimal-s')!.indices).toEqual([...sampleIndices(12, 4, { seed: 3 }).indices]);
    expect(cells.find((c) => c.plan.def.name === 'small-ddl')!.indices).toEqual([...Array(12).keys()]);
    // A slice larger than the population: left out, or refused where the run is named exactly.
    expect(studyCells(experiment, { splitSize: 1034, limit: 3 }).some((c) => c.plan.def.name === 'small-minimal-s')).toBe(false);
    expect(() => studyCells(experiment, { splitSize: 1034, limit: 3, patterns: ['small-minimal-s'] })).toThrow(/slice 's' takes 4 questions, more than the 3/);
  });

  test('a sliced run is refused by plain generation (it would answer every question): the study generates it', async () => {
    const cell = studyCells(experiment, { splitSize: inputs.examples.length, limit: 12 }).find((c) => c.sliced)!;
    const o = { store, inputs, codeVersion: 'test', env: () => undefined, cwd: dir, timeoutMs: 10_000, maxAttempts: 1, check: false };
    await expect(generatePlannedRun(cell.plan, o)).rejects.toThrow(/answers the seeded slice 's' \(n = 4, seed 3\): generate it with t2sql study run --experiment p --run 'small-minimal-s'/);
    expect(store.findRun('p', 'small-minimal-s')).toBeNull();
  });

  test('states and the estimate follow what the store holds', async () => {
    const cells = studyCells(experiment, { splitSize: inputs.examples.length, limit: 12 });
    const first = planStudy(cells, { store, adapters: [], inputs });
    expect(first.cells.map((c) => [c.cell.plan.def.name, c.state, c.missing])).toEqual([
      ['small-minimal', 'missing', 12],
      ['small-ddl', 'missing', 12],
      ['small-minimal-s', 'missing', 4],
      ['frontier', 'missing', 12],
      ['lora', 'no-adapter', 12],
    ]);
    const tokens = (schema: string, indices: number[]) => buildRunItems(inputs, { prompt: { schema, shots: 0, options: {} }, api: 'chat', indices }).promptTokens.reduce((a, t) => a + t, 0);
    const all = [...Array(12).keys()];
    const slice = [...sampleIndices(12, 4, { seed: 3 }).indices];
    const e = first.estimate!;
    expect(e.requests).toBe(52);
    expect(e.promptTokens).toBe(3 * tokens('minimal', all) + tokens('ddl', all) + tokens('minimal', slice));
    expect(e.completionTokensPerRequest).toEqual({ value: 48, source: 'assumed' });
    // The gateway model uses no GPU of ours.
    expect(e.gpu.map((g) => g.model)).toEqual(['Qwen/Qwen2.5-Coder-1.5B-Instruct']);
    const g = e.gpu[0]!;
    expect(g.requests).toBe(40);
    expect(g.gpuSeconds).toBeCloseTo(g.throughput.loadSeconds + g.promptTokens / g.throughput.prefillTps + g.completionTokens / g.throughput.decodeTps, 9);

    // Generate 5 of small-minimal's 12 questions: partial, 7 missing, the mean stored completion length used.
    const plan = cells[0]!.plan;
    await generatePlannedRun({ ...plan, endpoint: { ...plan.endpoint, baseUrl: server.baseUrl } }, {
      store, inputs, codeVersion: 'test', env: () => undefined, cwd: dir, indices: all.slice(0, 5), timeoutMs: 10_000, maxAttempts: 1, check: false,
    });
    const second = planStudy(cells, { store, adapters: [], inputs, throughput: { prefillTps: 1000, decodeTps: 10 } });
    expect(second.cells[0]).toMatchObject({ state: 'partial', completed: 5, missing: 7 });
    expect(second.estimate!.requests).toBe(52 - 5);
    // The loopback reports 4 completion tokens for "SELECT one two three".
    expect(second.estimate!.completionTokensPerRequest).toEqual({ value: 4, source: 'stored' });
    expect(second.estimate!.gpu[0]!.throughput).toMatchObject({ prefillTps: 1000, decodeTps: 10 });
    expect(second.estimate!.gpu[0]!.completionTokens).toBe((40 - 5) * 4);
  });

  test('a stored run of the same name made with other settings is a conflict, left out of the estimate', async () => {
    const other = parseExperiment({ name: 'p', endpoints: { gpu: { profile: 'vllm', baseUrl: server.baseUrl } }, runs: [{ name: 'small-ddl', endpoint: 'gpu', model: 'other-model', schema: 'ddl' }] });
    const [plan] = studyCells(other, { splitSize: inputs.examples.length, limit: 2 }).map((c) => c.plan);
    await generatePlannedRun(plan!, { store, inputs, codeVersion: 'test', env: () => undefined, cwd: dir, indices: [0, 1], timeoutMs: 10_000, maxAttempts: 1, check: false });
    const cells = studyCells(experiment, { splitSize: inputs.examples.length, limit: 12 });
    const before = planStudy(cells, { store, adapters: [], inputs });
    const ddl = before.cells.find((c) => c.cell.plan.def.name === 'small-ddl')!;
    expect(ddl).toMatchObject({ state: 'conflict', differs: ['model (other-model)'] });
    expect(before.estimate!.requests).toBe(52 - 5 - 12);
  });

  test('a stored run made with another decoding setting, or with a retrained adapter of the same name, is a conflict, as the run store judges it', async () => {
    const all = [...Array(12).keys()];
    const o = { store, inputs, codeVersion: 'test', env: () => undefined, cwd: dir, indices: all, timeoutMs: 10_000, maxAttempts: 1, check: false };
    // The frontier cell generated with maxTokens 100 (the experiment leaves it at the default).
    const other = parseExperiment({ name: 'p', endpoints: { gw: { profile: 'openai-compatible', baseUrl: server.baseUrl } }, runs: [{ name: 'frontier', endpoint: 'gw', model: 'gpt-4.1-mini', schema: 'minimal', decoding: { maxTokens: 100 } }] });
    await generatePlannedRun(studyCells(other, { splitSize: inputs.examples.length, limit: 12 })[0]!.plan, o);
    // The LoRA cell generated with the adapter's first training; the registry now holds a second one under the same name.
    const registry = openAdapterRegistry(path.join(dir, 'runs.sqlite'));
    const trained = (n: number) => {
      const at = path.join(dir, 'adapters', `not-trained-${n}`);
      fs.mkdirSync(at, { recursive: true });
      fs.writeFileSync(path.join(at, 'adapter_model.safetensors'), Buffer.from([n]));
      return registry.register({ name: 'not-trained', path: at, hash: hashAdapter(at), baseModel: 'Qwen/Qwen2.5-Coder-1.5B-Instruct', datasetSha256: null, metadata: {} });
    };
    const first = trained(1);
    const cells = studyCells(experiment, { splitSize: inputs.examples.length, limit: 12 });
    const lora = cells.find((c) => c.plan.def.name === 'lora')!;
    const onServer = { ...lora.plan, endpoint: { ...lora.plan.endpoint, baseUrl: server.baseUrl } };
    await generatePlannedRun(onServer, { ...o, registeredAdapter: () => first });
    expect(planStudy(cells, { store, adapters: registry.list(), inputs }).cells.find((c) => c.cell.plan.def.name === 'lora')!.state).toBe('generated');
    const second = trained(2);
    const adapters = registry.list();
    registry.close();

    const plan = planStudy(cells, { store, adapters, inputs });
    const frontier = plan.cells.find((c) => c.cell.plan.def.name === 'frontier')!;
    expect(frontier).toMatchObject({ state: 'conflict', differs: ['decoding (maxTokens 100)'] });
    expect(plan.cells.find((c) => c.cell.plan.def.name === 'lora')).toMatchObject({
      state: 'conflict',
      differs: [`adapter (same name, other files: hash ${first.hash.slice(0, 12)}… stored, ${second.hash.slice(0, 12)}… now)`],
    });
    // Conflicts are left out of the estimate.
    expect(plan.estimate!.requests).toBe(52 - 5 - 12 - 12 - 12);
    // The run store refuses to resume either with the cell's settings: the same decision.
    const frontierCell = frontier.cell.plan;
    await expect(generatePlannedRun({ ...frontierCell, endpoint: { ...frontierCell.endpoint, baseUrl: server.baseUrl } }, o)).rejects.toThrow(/run p\/frontier already exists with different settings \(decoding differ\)/);
    await expect(generatePlannedRun(onServer, { ...o, registeredAdapter: () => second })).rejects.toThrow(/run p\/lora already exists with different settings \(adapter differ\)/);
  });
});
