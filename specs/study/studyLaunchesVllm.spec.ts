// `t2sql study run` without --endpoint: for each self-hosted model it starts vLLM through the
// launcher (here the fake `vllm` of the launcher's specs, which answers every request for a model
// it serves), with the LoRA adapters the run store registered for that model's cells, generates
// those cells, stops it, and moves on. A cell whose adapter is not registered is skipped and named.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveDataRoot } from '../../src/data/dataRoot.ts';
import { spiderPaths } from '../../src/data/spiderPaths.ts';
import { hashAdapter } from '../../src/generate/hashAdapter.ts';
import { openAdapterRegistry } from '../../src/store/openAdapterRegistry.ts';
import { openRunStore } from '../../src/store/openRunStore.ts';
import { fetchData, requireData } from '../support/requireData.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/t2sql.js');
const fakeVllm = path.join(repo, 'fixtures/generate/fake-vllm/vllm');
const dataRoot = resolveDataRoot({ env: process.env.T2SQL_DATA, cwd: repo }).dir;
const paths = spiderPaths(dataRoot);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('t2sql study run starts vLLM per model, with its registered adapters', () => {
  requireData([paths.dev, paths.devGold, paths.tables, paths.databaseDir], fetchData.spider);
  let dir: string;
  let home: string;
  let file: string;
  let adapterDir: string;
  let baseUrl: string;
  const t2sql = (args: string[]) =>
    execa(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { T2SQL_HOME: home, T2SQL_DATA: dataRoot, FAKE_VLLM_LOAD_MS: '200', FAKE_VLLM_ANSWER: 'SELECT count(*) FROM singer' },
      reject: false,
      timeout: 240_000,
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-study-vllm-'));
    home = path.join(dir, 'home');
    file = path.join(dir, 'launch-study.json');
    adapterDir = path.join(dir, 'adapters', 'x-spider');
    fs.mkdirSync(adapterDir, { recursive: true });
    fs.writeFileSync(path.join(adapterDir, 'adapter_config.json'), '{"r": 16}');
    fs.writeFileSync(path.join(adapterDir, 'adapter_model.safetensors'), Buffer.from([1, 2, 3, 4]));
    const registry = openAdapterRegistry(path.join(home, 'runs.sqlite'));
    registry.register({ name: 'x-spider', path: adapterDir, hash: hashAdapter(adapterDir), baseModel: 'model-x', datasetSha256: null, metadata: {} });
    registry.close();
    baseUrl = `http://127.0.0.1:${await freePort()}/v1`;
    fs.writeFileSync(
      file,
      JSON.stringify({
        name: 'launch-study',
        endpoints: { gpu: { profile: 'vllm', baseUrl } },
        defaults: { schema: 'minimal', concurrency: 4 },
        runs: [
          { name: '{m}-minimal', endpoint: 'gpu', grid: { m: { x: { model: 'model-x' }, y: { model: 'model-y' } } } },
          { name: 'x-lora', endpoint: 'gpu', model: 'model-x', adapter: { name: 'x-spider', registered: true } },
          { name: 'y-lora', endpoint: 'gpu', model: 'model-y', adapter: { name: 'y-spider', registered: true } },
        ],
      }),
    );
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('plan marks the cell whose adapter is not trained', async () => {
    const r = await t2sql(['study', 'plan', '--experiment', file, '--limit', '4']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^y-lora\s+model-y \+ y-spider\s.*\sno-adapter\s/m);
    expect(r.stdout).toMatch(/^x-lora\s+model-x \+ x-spider\s.*\smissing\s/m);
    expect(r.stdout).toContain('3 missing, 1 waiting for an adapter (t2sql train)');
  });

  test('run: one vLLM per model, its cells generated and scored, stopped before the next; again: nothing started', async () => {
    const r = await t2sql(['study', 'run', '--experiment', file, '--limit', '4', '--vllm', fakeVllm]);
    expect(r.exitCode, r.stderr).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    expect(lines[at(/^skipped launch-study\/y-lora/)]).toContain("adapter 'y-spider' is not registered in the run store (t2sql train first)");
    const order = [
      at(/^starting vLLM for model-x with x-spider$/),
      at(new RegExp(`^vLLM serves model-x at ${baseUrl.replace(/[.]/g, '\\.')}$`)),
      at(/^launch-study\/x-minimal: done · 4 total: 0 already stored, 4 fetched/),
      at(/^launch-study\/x-lora: done · 4 total: 0 already stored, 4 fetched/),
      at(/^vLLM for model-x stopped$/),
      at(/^starting vLLM for model-y$/),
      at(/^launch-study\/y-minimal: done · 4 total/),
      at(/^vLLM for model-y stopped$/),
    ];
    expect(order.every((i) => i >= 0), r.stdout).toBe(true);
    expect([...order].sort((p, q) => p - q)).toEqual(order);
    expect(lines.filter((l) => l.startsWith('scored '))).toHaveLength(3);
    expect(lines.at(-1)).toBe('study: 3 cell(s) generated (12 completions requested, 0 failed), 3 scored, 1 skipped');
    // The server is gone.
    await expect(fetch(`${baseUrl}/models`)).rejects.toThrow();

    const store = openRunStore(path.join(home, 'runs.sqlite'), { readonly: true });
    try {
      const lora = store.findRun('launch-study', 'x-lora')!;
      expect(lora.origin.kind === 'generated' && lora.origin.config.adapter).toEqual({ name: 'x-spider', hash: hashAdapter(adapterDir) });
      expect(store.listRuns().map((x) => [x.name, x.status, x.endpoints])).toEqual([
        ['x-lora', 'finished', [baseUrl]],
        ['x-minimal', 'finished', [baseUrl]],
        ['y-minimal', 'finished', [baseUrl]],
      ]);
    } finally {
      store.close();
    }

    const again = await t2sql(['study', 'run', '--experiment', file, '--limit', '4', '--vllm', fakeVllm]);
    expect(again.stdout).not.toContain('starting vLLM');
    expect(again.stdout.trimEnd().split('\n').at(-1)).toBe('study: 0 cell(s) generated (0 completions requested, 0 failed), 0 scored, 1 skipped');
  });
});
