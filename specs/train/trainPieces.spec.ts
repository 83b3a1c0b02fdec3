/** The orchestration's pure parts and its Python lookup. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/data/InputError.ts';
import { findPython } from '../../src/train/findPython.ts';
import { parseTrainerEvent } from '../../src/train/TrainerEvent.ts';
import { adapterName, readRunConfigOverrides, trainRunConfig } from '../../src/train/trainRunConfig.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-pieces-'));
const settings = {
  model: 'Qwen/Qwen2.5-Coder-7B-Instruct', dataset: '/d/train.jsonl', outputDir: '/o', qlora: true, epochs: 1, loraR: 16, loraAlpha: 32, loraDropout: 0.05,
  learningRate: 2e-4, batchSize: 4, gradAccum: 4, maxLength: 2048, seed: 42, saveSteps: 200,
};

describe('trainer protocol lines', () => {
  it('parses events and ignores what is not one', () => {
    expect(parseTrainerEvent('{"event": "progress", "protocol": 1, "step": 3, "total_steps": 9, "loss": 0.5}')).toMatchObject({ event: 'progress', step: 3, loss: 0.5 });
    expect(parseTrainerEvent('  {"event":"error","kind":"oom","message":"m","suggestions":["method=qlora"]}\r')).toMatchObject({ kind: 'oom' });
    for (const line of ['', 'loading checkpoint shards: 50%', '{"event": "party"}', '{not json', '[1,2]', 'null']) expect(parseTrainerEvent(line)).toBeNull();
  });
});

describe('run.json', () => {
  it('maps the flags to the trainer’s fields, with --config fields applied last', () => {
    const cfg = trainRunConfig({ ...settings, overrides: { lr_scheduler: 'linear', lora: { target_modules: ['q_proj', 'v_proj'] } } });
    expect(cfg).toMatchObject({ model: settings.model, dataset: '/d/train.jsonl', output_dir: '/o', method: 'qlora', lr_scheduler: 'linear', save_steps: 200 });
    expect(cfg.lora).toEqual({ r: 16, alpha: 32, dropout: 0.05, target_modules: ['q_proj', 'v_proj'] });
    expect('max_steps' in trainRunConfig(settings)).toBe(false);
    expect(trainRunConfig({ ...settings, maxSteps: 20 }).max_steps).toBe(20);
    expect(() => trainRunConfig({ ...settings, overrides: { lora: [1] } })).toThrow(InputError);
  });

  it('refuses --config fields that flags set, naming the flag, instead of replacing them silently', () => {
    expect(() => trainRunConfig({ ...settings, overrides: { model: 'other' } })).toThrow(new InputError('--config: model is set by --model; remove it from the --config file'));
    expect(() => trainRunConfig({ ...settings, overrides: { output_dir: '/elsewhere' } })).toThrow(/^--config: output_dir is \$T2SQL_HOME\/adapters\/NAME: choose it with --name;/);
    expect(() => trainRunConfig({ ...settings, overrides: { dataset: 'mine.jsonl' } })).toThrow(/^--config: dataset is the SFT set t2sql train builds from Spider train: choose it with --schema, --shots, --max-tokens and --limit;/);
    const file = path.join(tmp, 'model.json');
    fs.writeFileSync(file, '{"model": "Qwen/Qwen2.5-Coder-7B-Instruct"}');
    const err = (() => {
      try {
        return readRunConfigOverrides(file);
      } catch (e) {
        return e;
      }
    })() as InputError;
    expect(err).toBeInstanceOf(InputError);
    expect(err.describe()).toBe(`${file}: model is set by --model; remove it from the --config file`);
  });

  it('reads --config files as JSON objects, naming the file otherwise', () => {
    const good = path.join(tmp, 'good.json');
    fs.writeFileSync(good, '{"warmup_ratio": 0.1}');
    expect(readRunConfigOverrides(good)).toEqual({ warmup_ratio: 0.1 });
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '[1]');
    expect(() => readRunConfigOverrides(bad)).toThrow(InputError);
    expect(() => readRunConfigOverrides(path.join(tmp, 'none.json'))).toThrow(/cannot read run\.json fields/);
  });

  it('names adapters after the model and the prompt', () => {
    expect(adapterName('Qwen/Qwen2.5-Coder-1.5B-Instruct', 'keys', 0, false)).toBe('qwen2.5-coder-1.5b-instruct-spider-keys');
    expect(adapterName('/models/My Model/', 'ddl+rows(3)', 3, true)).toBe('my-model-spider-ddl+rows-3-3shot-qlora');
  });
});

describe('finding Python', () => {
  const script = (name: string, body: string): string => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return file;
  };

  it('takes $T2SQL_PYTHON first, then trainer/.venv, then python3 on PATH', async () => {
    const venvDir = path.join(tmp, 'trainer');
    expect(await findPython({ explicit: undefined, trainerDir: venvDir, cwd: tmp })).toMatchObject({ ok: true, source: 'PATH', executable: 'python3' });
    fs.mkdirSync(path.join(venvDir, '.venv', 'bin'), { recursive: true });
    fs.symlinkSync(fs.realpathSync(process.env.PATH!.split(':').map((d) => path.join(d, 'python3')).find((f) => fs.existsSync(f))!), path.join(venvDir, '.venv', 'bin', 'python'));
    expect(await findPython({ explicit: undefined, trainerDir: venvDir, cwd: tmp })).toMatchObject({ ok: true, source: 'trainer/.venv' });
    const explicit = script('py-explicit', 'echo "[3, 12, 1]"');
    expect(await findPython({ explicit, trainerDir: venvDir, cwd: tmp })).toEqual({ ok: true, source: 'T2SQL_PYTHON', executable: explicit, version: '3.12.1' });
  });

  it('tells a missing, a broken and a too-old Python apart', async () => {
    expect(await findPython({ explicit: './nope/python', trainerDir: tmp, cwd: tmp })).toMatchObject({ ok: false, kind: 'missing', executable: path.join(tmp, 'nope/python') });
    expect(await findPython({ explicit: script('py-broken', 'echo "Fatal Python error: init_fs_encoding" >&2; exit 1'), trainerDir: tmp, cwd: tmp })).toMatchObject({ ok: false, kind: 'broken', detail: 'Fatal Python error: init_fs_encoding' });
    expect(await findPython({ explicit: script('py-old', 'echo "[3, 6, 9]"'), trainerDir: tmp, cwd: tmp })).toMatchObject({ ok: false, kind: 'too-old', version: '3.6.9' });
  });
});

describe('the public API (src/index.ts)', () => {
  it('exports the train stage: SFT data, trainer, orchestration, learning curve, adapter registry', async () => {
    const api = await import('../../src/index.ts');
    const names = [
      'buildSftDataset', 'writeSftDataset', 'readManifest', 'DevDatabaseInTrainingError', 'trainAdapter', 'scoringCommands', 'sftDataDir',
      'trainRunConfig', 'adapterName', 'readRunConfigOverrides', 'runTrainer', 'parseTrainerEvent', 'findPython', 'learningCurve',
      'scoreCheckpoints', 'scoreTrainingRun', 'openAdapterRegistry',
    ] as const;
    for (const name of names) expect(typeof api[name], name).toBe('function');
    expect(api.trainRunConfig).toBe(trainRunConfig);
    expect(api.parseTrainerEvent).toBe(parseTrainerEvent);
    expect(api.DEFAULTS.resamples).toBeGreaterThan(0);
  });
});
