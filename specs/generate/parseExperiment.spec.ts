import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/data/InputError.ts';
import { hashAdapter } from '../../src/generate/hashAdapter.ts';
import { experimentFile, loadExperiment, parseExperiment } from '../../src/generate/parseExperiment.ts';

const root = path.join(import.meta.dirname, '../..');

describe('experiment definitions', () => {
  test("the study's matrix: Qwen2.5-Coder 1.5B/3B/7B Instruct (chat) × zero-shot, few-shot, LoRA × 6 representations, 2 frontier models, full dev and the n = 100 slice", () => {
    const e = loadExperiment(experimentFile('qwen-study', root));
    expect(e.name).toBe('qwen-study');
    const reps = ['minimal', 'types', 'keys', 'types+keys', 'ddl', 'ddl+rows'];
    const full = e.runs.filter((r) => r.slice === null);
    const sliced = e.runs.filter((r) => r.slice !== null);
    // zero-shot and few-shot × 6 representations × 3 sizes, LoRA (minimal) × 3 sizes, 2 frontier models × 6.
    expect(full).toHaveLength(3 * 2 * 6 + 3 + 2 * 6);
    // The schema ablation again on the seeded slice: 3 sizes zero-shot and the 2 frontier models, × 6.
    expect(sliced).toHaveLength(3 * 6 + 2 * 6);
    expect(e.slices).toEqual({ dev100: { name: 'dev100', n: 100, seed: 1 } });
    expect(sliced.every((r) => r.slice === e.slices.dev100 && r.prompt.shots === 0 && r.name.endsWith('-dev100'))).toBe(true);
    const qwen = e.runs.filter((r) => r.endpoint === 'vllm');
    expect(new Set(qwen.map((r) => r.model))).toEqual(new Set(['Qwen/Qwen2.5-Coder-1.5B-Instruct', 'Qwen/Qwen2.5-Coder-3B-Instruct', 'Qwen/Qwen2.5-Coder-7B-Instruct']));
    expect(e.runs.every((r) => r.api === 'chat' && r.decoding.temperature === 0 && r.decoding.maxTokens === 256)).toBe(true);
    for (const size of ['1.5b', '3b', '7b']) {
      for (const rep of reps) {
        expect(e.runs.find((r) => r.name === `qwen2.5-coder-${size}-zeroshot-${rep}`)).toMatchObject({ adapter: null, prompt: { schema: rep, shots: 0 } });
        expect(e.runs.find((r) => r.name === `qwen2.5-coder-${size}-fewshot-${rep}`)).toMatchObject({ adapter: null, prompt: { schema: rep, shots: 3, options: { selector: 'bm25' } } });
      }
      // The adapter `t2sql train --model Qwen/Qwen2.5-Coder-<size>-Instruct --schema minimal` registers.
      expect(e.runs.find((r) => r.name === `qwen2.5-coder-${size}-lora-minimal`)).toMatchObject({
        adapter: { kind: 'registered', name: `qwen2.5-coder-${size}-instruct-spider-minimal` },
        prompt: { schema: 'minimal', shots: 0 },
      });
    }
    const frontier = e.runs.filter((r) => r.endpoint === 'llmgateway');
    expect(new Set(frontier.map((r) => r.model))).toEqual(new Set(['gpt-4.1-mini', 'claude-haiku-4-5']));
    expect(new Set(frontier.map((r) => r.prompt.schema))).toEqual(new Set(reps));
    expect(e.endpoints.llmgateway).toMatchObject({ profile: 'llmgateway', apiKeyEnv: 'LLMGATEWAY_API_KEY' });
    expect(e.endpoints.vllm).toMatchObject({ profile: 'vllm', apiKeyEnv: null });
  });

  test('the LoRA adapter name matches what t2sql train names it', async () => {
    const { adapterName } = await import('../../src/train/trainRunConfig.ts');
    const e = loadExperiment(experimentFile('qwen-study', root));
    for (const r of e.runs.filter((x) => x.adapter)) expect(r.adapter!.name).toBe(adapterName(r.model, r.prompt.schema, r.prompt.shots, false));
  });

  test('grid values merge over the entry and defaults; decoding merges field by field', () => {
    const e = parseExperiment({
      name: 'x',
      endpoints: { a: { baseUrl: 'http://127.0.0.1:1/v1' } },
      defaults: { decoding: { maxTokens: 100, temperature: 0.2 }, concurrency: 4 },
      runs: [{ name: 'r-{t}', endpoint: 'a', model: 'm', schema: 'keys', decoding: { topP: 0.9 }, grid: { t: { hot: { decoding: { temperature: 1 } }, cold: {} } } }],
    });
    expect(e.runs.map((r) => [r.name, r.decoding.temperature, r.decoding.topP, r.decoding.maxTokens, r.concurrency])).toEqual([
      ['r-hot', 1, 0.9, 100, 4],
      ['r-cold', 0.2, 0.9, 100, 4],
    ]);
  });

  test.each([
    [{ name: 'x', endpoints: {}, runs: [] }, /runs: must be a non-empty array/],
    [{ name: 'x', endpoints: { a: {} }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k' }] }, /endpoints.a: endpoint profile 'openai-compatible' needs a base URL/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r', endpoint: 'b', model: 'm', schema: 'k' }] }, /runs\[0\].endpoint: 'b' is not one of the experiment's endpoints \(a\)/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k', shot: 1 }] }, /runs\[0\]: unknown field 'shot'/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r-{size}', endpoint: 'a', model: 'm', schema: 'k' }] }, /'\{size\}' names no grid axis/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k', grid: { s: { a: {}, b: {} } } }] }, /run name 'r' is used twice/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k', decoding: { temperature: 3 } }] }, /runs\[0\].decoding: invalid decoding settings: temperature 3/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k', adapter: { name: 'l' } }] }, /runs\[0\]\.adapter: give exactly one of "path".*"hash" or "registered"/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k', adapter: { name: 'l', registered: 'yes' } }] }, /runs\[0\]\.adapter\.registered: must be true/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k', slice: 'dev100' }] }, /runs\[0\]\.slice: 'dev100' is not one of the experiment's slices \(none\)/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, slices: { s: { n: 0, seed: 1 } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k' }] }, /slices\.s\.n: must be an integer from 1/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, slices: { s: { n: 10 } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k' }] }, /slices\.s\.seed: must be an integer/],
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, slices: { s: { n: 10, seed: 1, size: 3 } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k' }] }, /slices\.s: unknown field 'size'/],
  ])('refuses a bad definition with the place and the reason (%#)', (json, message) => {
    expect(() => parseExperiment(json, { file: 'e.json' })).toThrow(InputError);
    expect(() => parseExperiment(json, { file: 'e.json' })).toThrow(message);
  });

  test('a bad field in a file is reported with the file and the field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-exp-'));
    const file = path.join(dir, 'study.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r-{m}', endpoint: 'a', schema: 'keys', grid: { m: { one: { model: 'm1' }, two: { model: 'm2', shots: 99 } } } }] }));
    try {
      expect(() => loadExperiment(file)).toThrow(InputError);
      expect(() => loadExperiment(file)).toThrow(expect.objectContaining({ where: { file } }));
      expect(() => loadExperiment(file)).toThrow(/^runs\[0\] \(two\)\.shots: must be an integer from 0 to \d+, got 99$/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  test('a slice and a registered adapter, resolved', () => {
    const e = parseExperiment({
      name: 'x',
      endpoints: { a: { profile: 'vllm' } },
      slices: { s5: { n: 5, seed: 7 } },
      runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'keys', slice: 's5', adapter: { name: 'm-spider-keys', registered: true } }],
    });
    expect(e.runs[0]).toMatchObject({ slice: { name: 's5', n: 5, seed: 7 }, adapter: { kind: 'registered', name: 'm-spider-keys' } });
  });

  test('invalid JSON is reported at its line and column', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-exp-'));
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, '{\n  "name": "x",\n  "runs": [,]\n}\n');
    try {
      loadExperiment(file);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).describe()).toMatch(new RegExp(`^${file}:3:\\d+: malformed JSON`));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('hashAdapter', () => {
  test('depends on file names and contents, not on timestamps or where the folder is', () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-lora-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-lora-'));
    try {
      for (const dir of [a, b]) {
        fs.mkdirSync(path.join(dir, 'sub'));
        fs.writeFileSync(path.join(dir, 'adapter_config.json'), '{"r": 16}');
        fs.writeFileSync(path.join(dir, 'sub', 'adapter_model.safetensors'), Buffer.from([1, 2, 3]));
      }
      fs.utimesSync(path.join(b, 'adapter_config.json'), new Date(0), new Date(0));
      expect(hashAdapter(a)).toBe(hashAdapter(b));
      expect(hashAdapter(a)).toMatch(/^[0-9a-f]{64}$/);
      fs.writeFileSync(path.join(b, 'sub', 'adapter_model.safetensors'), Buffer.from([1, 2, 4]));
      expect(hashAdapter(b)).not.toBe(hashAdapter(a));
      fs.writeFileSync(path.join(b, 'sub', 'adapter_model.safetensors'), Buffer.from([1, 2, 3]));
      fs.renameSync(path.join(b, 'adapter_config.json'), path.join(b, 'config.json'));
      expect(hashAdapter(b)).not.toBe(hashAdapter(a));
    } finally {
      fs.rmSync(a, { recursive: true });
      fs.rmSync(b, { recursive: true });
    }
  });

  test('follows symbolic links (a Hugging Face snapshot is a folder of links into blobs/)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-lora-'));
    try {
      const blobs = path.join(root, 'blobs');
      fs.mkdirSync(blobs);
      fs.writeFileSync(path.join(blobs, 'one'), 'weights v1');
      fs.writeFileSync(path.join(blobs, 'two'), 'weights v2');
      const snap = (name: string, blob: string) => {
        const dir = path.join(root, name);
        fs.mkdirSync(dir);
        fs.symlinkSync(path.join(blobs, blob), path.join(dir, 'adapter_model.safetensors'));
        return dir;
      };
      const a = snap('a', 'one');
      const b = snap('b', 'two');
      expect(hashAdapter(a)).not.toBe(hashAdapter(b));
      const empty = path.join(root, 'empty');
      fs.mkdirSync(empty);
      expect(() => hashAdapter(empty)).toThrow(/holds no files/);
    } finally {
      fs.rmSync(root, { recursive: true });
    }
  });
});
