/**
 * `t2sql train`: the real train.py --dry-run on a set built from Spider train, and the error paths
 * (bad config, missing or broken Python, no GPU stack, out of memory, a crash mid-run, Ctrl-C) with
 * the real trainer or the stand-in (fixtures/train/standInTrainer.py) speaking the same protocol.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/train.ts';
import { homeLayout } from '../../src/data/homeLayout.ts';
import { InputError } from '../../src/data/InputError.ts';
import { hashAdapter } from '../../src/generate/hashAdapter.ts';
import { openAdapterRegistry } from '../../src/store/openAdapterRegistry.ts';
import { dataRoot, repoRoot, requireSpider } from '../train/support/trainData.ts';
import { runCliProcess } from '../support/runCliProcess.ts';
import { runCommandInProcess } from '../support/runCommandInProcess.ts';

const standIn = path.join(repoRoot, 'fixtures/train/standInTrainer.py');
const model = 'Qwen/Qwen2.5-Coder-1.5B-Instruct';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-train-'));

async function train(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; home: string }> {
  const home = env.T2SQL_HOME ?? fs.mkdtempSync(path.join(tmp, 'home-'));
  const r = await runCommandInProcess(command, argv, { env: { PATH: process.env.PATH, T2SQL_DATA: dataRoot, T2SQL_HOME: home, ...env }, cwd: repoRoot });
  return { ...r, home };
}

/** A PYTHONPATH on which torch and friends fail to import, whatever this machine has installed. */
function poisonedPath(): string {
  const root = path.join(tmp, 'poison');
  for (const name of ['torch', 'transformers', 'unsloth']) {
    fs.mkdirSync(path.join(root, name), { recursive: true });
    fs.writeFileSync(path.join(root, name, '__init__.py'), `raise ImportError('${name} is absent for this test')\n`);
  }
  return root;
}

beforeAll(requireSpider);

describe('t2sql train data', () => {
  it('an --out that cannot take the set, or a --limit beyond the largest training file, is one line and leaves nothing', () => {
    const env = { T2SQL_DATA: dataRoot, T2SQL_HOME: fs.mkdtempSync(path.join(tmp, 'home-')) };
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'kept');
    const onFile = runCliProcess(['train', 'data', '--out', file, '--limit', '5'], { env });
    expect(onFile.status).toBe(1);
    expect(onFile.stderr).toBe(`t2sql train: ${file}: exists and is not a folder; --out takes a folder to write train.jsonl and manifest.json in\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe('kept');
    const out = path.join(tmp, 'too-many');
    const tooMany = runCliProcess(['train', 'data', '--out', out, '--limit', '999999'], { env });
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toMatch(/^t2sql train: .*train_spider\.json: --limit 999999 is more than the 7000 examples of the largest training file\n$/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('the real trainer (trainer/train.py)', () => {
  it('--dry-run plans a run on a set built from Spider train, without torch', async () => {
    const r = await train(['--model', model, '--limit', '120', '--batch', '2', '--grad-accum', '8', '--epochs', '2', '--dry-run'], { PYTHONPATH: poisonedPath() });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { examples: number; total_steps: number; steps_per_epoch: number; memory: { estimate_gib: number; fits: boolean }; dataset: { sha256: string } };
    const manifest = JSON.parse(fs.readFileSync(path.join(homeLayout(r.home).trainData, 'keys-0shot-2048tok-first120', 'manifest.json'), 'utf8')) as { examples: number; sha256: string };
    expect(plan.examples).toBe(manifest.examples);
    expect(plan.dataset.sha256).toBe(manifest.sha256);
    expect(plan.steps_per_epoch).toBe(Math.ceil(manifest.examples / 16));
    expect(plan.total_steps).toBe(2 * plan.steps_per_epoch);
    expect(plan.memory.estimate_gib).toBeGreaterThan(3);
    expect(plan.memory.fits).toBe(true);
    expect(r.stderr).toMatch(/wrote .*train\.jsonl: \d+ examples/);
  });

  it('a bad config is the trainer’s one-line reason and exit 1', async () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ lr_scheduler: 'exponential' }));
    const r = await train(['--model', model, '--limit', '20', '--config', bad, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^t2sql train: trainer failed \(config\): \S+\/bad\.json: lr_scheduler must be one of linear, cosine, constant, constant_with_warmup, got "exponential" \(log: .*train\.log\)\n$/m);
    expect(r.stderr).not.toMatch(/Traceback/);
  });

  it('a bad field of the --config file names that file and the field’s path', async () => {
    const bad = path.join(tmp, 'bad-rank.json');
    fs.writeFileSync(bad, JSON.stringify({ lora: { r: 0 } }));
    const r = await train(['--model', model, '--limit', '20', '--config', bad, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`t2sql train: trainer failed (config): ${bad}: lora.r must be from 1 to 1024, got 0 (log: ${path.join(homeLayout(r.home).adapters, 'qwen2.5-coder-1.5b-instruct-spider-keys', 'train.log')})`);
    const typo = path.join(tmp, 'typo.json');
    fs.writeFileSync(typo, JSON.stringify({ lerning_rate: 1e-4 }));
    const t = await train(['--model', model, '--limit', '20', '--config', typo, '--dry-run']);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain(`trainer failed (config): ${typo}: unknown field lerning_rate (known: `);
  });

  it('model, dataset and output_dir in the --config file are refused, naming the flag to use', async () => {
    for (const [field, flagHint] of [['model', '--model'], ['dataset', '--schema, --shots, --max-tokens and --limit'], ['output_dir', '--name']] as const) {
      const file = path.join(tmp, `with-${field}.json`);
      fs.writeFileSync(file, JSON.stringify({ [field]: 'x', warmup_ratio: 0.1 }));
      const err = (await train(['--model', model, '--limit', '20', '--config', file, '--dry-run']).catch((e: unknown) => e)) as InputError;
      expect(err).toBeInstanceOf(InputError);
      expect(err.describe()).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}: ${field} .*${flagHint.replace(/[.]/g, '\\.')}; remove it from the --config file$`));
    }
  });

  it('without the GPU stack, training stops at once naming what to install', async () => {
    const r = await train(['--model', model, '--limit', '20'], { PYTHONPATH: poisonedPath() });
    expect(r.code).toBe(1);
    const line = r.stderr.trim().split('\n').at(-1)!;
    expect(line).toMatch(/^t2sql train: trainer failed \(environment\): torch is not importable .*trainer\/requirements\.txt/);
  });

  it('runs train.py end to end on fakes of torch/transformers/peft and registers what it made', async () => {
    const backend = path.join(tmp, 'backend.json');
    fs.writeFileSync(backend, JSON.stringify({ backend: 'transformers', logging_steps: 1 }));
    const fakeStack = path.join(repoRoot, 'trainer/tests/fake_stack');
    const r = await train(['--model', model, '--limit', '24', '--config', backend, '--batch', '2', '--grad-accum', '2', '--max-steps', '5', '--save-steps', '2'], { PYTHONPATH: fakeStack, PYTHONDONTWRITEBYTECODE: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/training with transformers\+peft: 5 steps/);
    const dir = path.join(homeLayout(r.home).adapters, 'qwen2.5-coder-1.5b-instruct-spider-keys');
    const registry = openAdapterRegistry(homeLayout(r.home).runStore);
    try {
      const [rec] = registry.list();
      expect(rec).toMatchObject({ path: path.join(dir, 'adapter'), hash: hashAdapter(path.join(dir, 'adapter')) });
      expect(rec!.metadata).toMatchObject({ backend: 'transformers+peft', steps: 5, final_loss: 0.4, gpu: { name: 'Fake GPU' } });
    } finally {
      registry.close();
    }
  });

  it('a missing or broken Python is one clear message', async () => {
    await expect(train(['--model', model, '--dry-run'], { T2SQL_PYTHON: '/nonexistent/python3' })).rejects.toThrow(
      new InputError('no Python at /nonexistent/python3 (from $T2SQL_PYTHON): install python3 (3.9+) for the data checks; for training, the GPU stack in trainer/requirements.txt (see trainer/README.md), or set T2SQL_PYTHON'),
    );
    const broken = path.join(tmp, 'broken-python');
    fs.writeFileSync(broken, '#!/bin/sh\necho "error while loading shared libraries: libpython3.11.so.1.0" >&2\nexit 127\n', { mode: 0o755 });
    await expect(train(['--model', model, '--dry-run'], { T2SQL_PYTHON: broken })).rejects.toThrow(/broken-python \(from \$T2SQL_PYTHON\) does not run \(error while loading shared libraries/);
  });
});

describe('the stand-in trainer (same protocol)', () => {
  it('trains, checks the adapter hash, registers it in the run store, prints how to score it', async () => {
    const r = await train(['--model', model, '--limit', '64', '--trainer', standIn, '--save-steps', '2', '--batch', '2', '--grad-accum', '4']);
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(homeLayout(r.home).adapters, 'qwen2.5-coder-1.5b-instruct-spider-keys', 'adapter');
    const hash = hashAdapter(dir);
    expect(r.stdout).toContain(`adapter qwen2.5-coder-1.5b-instruct-spider-keys: ${dir}\n  sha256 ${hash}`);
    expect(r.stdout).toContain(`t2sql serve --model ${model} --lora qwen2.5-coder-1.5b-instruct-spider-keys=${dir}`);
    expect(r.stdout).toMatch(/t2sql generate --model .* --api chat --adapter qwen2\.5-coder-1\.5b-instruct-spider-keys=\S+ --schema keys --shots 0/);
    expect(r.stderr).toMatch(/checkpoint at step 2: .*checkpoint-adapters\/step-2\n/);
    const registry = openAdapterRegistry(homeLayout(r.home).runStore);
    try {
      const [rec] = registry.byHash(hash);
      expect(rec?.path).toBe(dir);
      expect(rec?.baseModel).toBe(model);
      expect(rec?.metadata.adapter_hash).toBe(hash);
      expect((rec?.metadata.config as { method: string }).method).toBe('lora');
    } finally {
      registry.close();
    }
    const log = fs.readFileSync(path.join(homeLayout(r.home).adapters, 'qwen2.5-coder-1.5b-instruct-spider-keys', 'train.log'), 'utf8');
    expect(log).toMatch(/"event": "done"/);
  });

  it('a reported hash that is not the adapter’s, or a missing metadata file, is refused and nothing is registered', async () => {
    for (const [mode, message] of [
      ['wrong-hash', /^t2sql train: the trainer reported adapter hash 000000000000 but \S+\/adapter hashes to [0-9a-f]{12}; not registered \(log: \S+train\.log\)$/],
      ['no-metadata', /^t2sql train: the trainer reported success but its metadata \S+\/metadata\.json is missing or not JSON; not registered \(log: \S+train\.log\)$/],
    ] as const) {
      const r = await train(['--model', model, '--limit', '10', '--trainer', standIn, '--max-steps', '2'], { T2SQL_STANDIN_MODE: mode });
      expect(r.code, mode).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(message);
      expect(r.stdout).not.toMatch(/registered|t2sql serve/);
      const registry = openAdapterRegistry(homeLayout(r.home).runStore);
      try {
        expect(registry.list(), mode).toEqual([]);
      } finally {
        registry.close();
      }
    }
  });

  it('checkpoints of other settings under the same name are refused, pointing at --name', async () => {
    const home = fs.mkdtempSync(path.join(tmp, 'home-'));
    const args = ['--model', model, '--limit', '16', '--trainer', standIn, '--max-steps', '4', '--save-steps', '2'];
    expect((await train(args, { T2SQL_HOME: home })).code).toBe(0);
    const r = await train([...args, '--lr', '0.0001'], { T2SQL_HOME: home });
    expect(r.code).toBe(1);
    const dir = path.join(homeLayout(home).adapters, 'qwen2.5-coder-1.5b-instruct-spider-keys');
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`t2sql train: ${dir} holds checkpoints of a run with other settings: give this one another --name, or delete that folder to start over (log: ${path.join(dir, 'train.log')})`);
    expect((await train([...args, '--lr', '0.0001', '--name', 'lower-lr'], { T2SQL_HOME: home })).code).toBe(0);
  });

  it('out of memory names settings that would fit', async () => {
    const r = await train(['--model', model, '--limit', '10', '--trainer', standIn], { T2SQL_STANDIN_MODE: 'oom' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/trainer failed \(oom\): out of GPU memory .*; would fit: method=qlora \(--qlora\)/);
  });

  it('a crash mid-run is reported with its last line and the log; the next run resumes from the last checkpoint', async () => {
    const home = fs.mkdtempSync(path.join(tmp, 'home-'));
    const args = ['--model', model, '--limit', '64', '--trainer', standIn, '--batch', '1', '--grad-accum', '4', '--save-steps', '5', '--max-steps', '30'];
    const crashed = await train(args, { T2SQL_HOME: home, T2SQL_STANDIN_MODE: 'crash' });
    expect(crashed.code).toBe(1);
    expect(crashed.stderr).toMatch(/t2sql train: the trainer exited with code 1 without reporting why: RuntimeError: CUDA error: an illegal memory access was encountered; last checkpoint at step 10, run again to resume \(log: .*train\.log\)/);
    const resumed = await train(args, { T2SQL_HOME: home });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming from .*checkpoint-10/);
  });

  it('Ctrl-C stops the trainer after a checkpoint, exits 130, and the same command resumes', async () => {
    const home = fs.mkdtempSync(path.join(tmp, 'home-'));
    const args = ['bin/t2sql.js', 'train', '--model', model, '--limit', '64', '--trainer', standIn, '--batch', '1', '--grad-accum', '1', '--save-steps', '1000'];
    const env = { T2SQL_HOME: home, T2SQL_DATA: dataRoot, T2SQL_STANDIN_MODE: 'hang' };
    const child = execa(process.execPath, args, { cwd: repoRoot, env, reject: false, timeout: 120_000 });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (c: Buffer) => {
        seen += c.toString();
        if (/training with stand-in/.test(seen)) resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT'); // the CLI process only: it must forward the stop to the trainer
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(String(r.stderr)).toMatch(/stopping the trainer/);
    expect(String(r.stderr)).toMatch(/t2sql train: stopped at step \d+; checkpoint .*checkpoint-\d+: run the same command again to resume/);
    const step = Number(/stopped at step (\d+)/.exec(String(r.stderr))![1]);
    const again = await execa(process.execPath, args, { cwd: repoRoot, env: { ...env, T2SQL_STANDIN_MODE: 'ok' }, reject: false, timeout: 120_000 });
    expect(again.exitCode, String(again.stderr)).toBe(0);
    expect(String(again.stderr)).toContain(`resuming from ${path.join(home, 'adapters', 'qwen2.5-coder-1.5b-instruct-spider-keys', `checkpoint-${step}`)}`);
  });
});
