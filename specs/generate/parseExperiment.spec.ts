import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/data/InputError.ts';
import { hashAdapter } from '../../src/generate/hashAdapter.ts';
import { experimentFile, loadExperiment, parseExperiment } from '../../src/generate/parseExperiment.ts';

const root = path.join(import.meta.dirname, '../..');

describe('experiment definitions', () => {
  test("the study's Qwen2.5-Coder matrix: 3 sizes × 3 conditions × 5 representations, plus 2 frontier models × 5", () => {
    const e = loadExperiment(experimentFile('qwen-study', root));
    expect(e.name).toBe('qwen-study');
    expect(e.runs).toHaveLength(3 * 3 * 5 + 2 * 5);
    const qwen = e.runs.filter((r) => r.endpoint === 'vllm');
    expect(new Set(qwen.map((r) => r.model))).toEqual(new Set(['Qwen/Qwen2.5-Coder-1.5B', 'Qwen/Qwen2.5-Coder-3B', 'Qwen/Qwen2.5-Coder-7B']));
    expect(qwen.every((r) => r.api === 'completions')).toBe(true);
    const lora7 = e.runs.find((r) => r.name === 'qwen2.5-coder-7b-lora-keys')!;
    expect(lora7).toMatchObject({ model: 'Qwen/Qwen2.5-Coder-7B', adapter: { name: 'spider-lora-7b', kind: 'path', path: 'adapters/qwen2.5-coder-7b-spider' }, prompt: { schema: 'keys', shots: 0 } });
    expect(e.runs.find((r) => r.name === 'qwen2.5-coder-1.5b-fewshot-types+keys')).toMatchObject({ adapter: null, prompt: { shots: 3, schema: 'types+keys' } });
    const frontier = e.runs.filter((r) => r.endpoint === 'llmgateway');
    expect(new Set(frontier.map((r) => r.model))).toEqual(new Set(['gpt-4.1-mini', 'claude-haiku-4-5']));
    expect(frontier.every((r) => r.api === 'chat' && r.decoding.temperature === 0)).toBe(true);
    expect(e.endpoints.llmgateway).toMatchObject({ profile: 'llmgateway', apiKeyEnv: 'LLMGATEWAY_API_KEY' });
    expect(e.endpoints.vllm).toMatchObject({ profile: 'vllm', apiKeyEnv: null });
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
    [{ name: 'x', endpoints: { a: { profile: 'vllm' } }, runs: [{ name: 'r', endpoint: 'a', model: 'm', schema: 'k', adapter: { name: 'l' } }] }, /exactly one of "path".*or "hash"/],
  ])('refuses a bad definition with the place and the reason (%#)', (json, message) => {
    expect(() => parseExperiment(json, { file: 'e.json' })).toThrow(InputError);
    expect(() => parseExperiment(json, { file: 'e.json' })).toThrow(message);
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
