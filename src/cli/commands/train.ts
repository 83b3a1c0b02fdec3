import path from 'node:path';
import { homeLayout } from '../../data/homeLayout.ts';
import { InputError } from '../../data/InputError.ts';
import { spiderPaths } from '../../data/spiderPaths.ts';
import { describeSftManifest } from '../../train/describeSftManifest.ts';
import { describeNotTrained, describePythonProblem } from '../../train/describeTrainFailure.ts';
import { findPython } from '../../train/findPython.ts';
import { scoringCommands, trainAdapter } from '../../train/trainAdapter.ts';
import { trainerDir } from '../../train/trainerDir.ts';
import { adapterName, readRunConfigOverrides } from '../../train/trainRunConfig.ts';
import { describeLearningCurve } from '../../train/describeLearningCurve.ts';
import { CHECKPOINT_ADAPTERS, savedCheckpointAdapters } from '../../train/savedCheckpointAdapters.ts';
import { scoreTrainingRun } from '../../train/scoreTrainingRun.ts';
import { writeSftDataset } from '../../train/writeSftDataset.ts';
import { dataRootFor, t2sqlHome } from '../_internals/common.ts';
import { defineCommand, flagged } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';
import { progressBar } from '../_internals/progressBar.ts';

const help = `t2sql train — LoRA / QLoRA fine-tuning on Spider train (trainer/train.py), adapter registered in the run store.

Usage:
  t2sql train data --out DIR [--schema REP] [--shots N] [--max-tokens N] [--limit N]
  t2sql train --model ID [--schema keys] [--shots 0] [--epochs 1] [--qlora] [--eval-every N] [--dry-run] ...

  --model ID          base model (Hugging Face id or local folder), e.g. Qwen/Qwen2.5-Coder-1.5B-Instruct
  --schema REP        schema representation of the prompts (default keys)   --shots N   examples (0)
  --max-tokens N      longest example kept, prompt and answer (default: --max-length, else 2048);
                      longer ones are left out and counted in the data set's manifest.json
  --epochs E (1)  --lora-r R (16)  --lora-alpha A (32)  --lora-dropout D (0.05)  --lr LR (2e-4)
  --batch B (4)  --grad-accum G (4)  --max-length T (2048)  --seed S (42)  --save-steps N (200)
  --max-steps N  stop after N optimiser steps   --qlora  4-bit base   --config FILE  more run.json fields
  --eval-every N      save a checkpoint every N steps; after training, score the base model and every
                      checkpoint saved under the name (before a resume too; runs already scored are
                      reused) on dev (generate → eval): a learning curve with CIs and paired tests
  --eval-endpoint URL a vLLM serving the base model and <name>-step<N> adapters (default: start vLLM,
                      --vllm PATH)    --eval-limit N   only the first N dev questions
  --dry-run           check config and data and print the plan (steps, tokens, GPU memory); no GPU
  --trainer SCRIPT    default trainer/train.py; any script speaking its protocol (trainer/README.md)
  --limit N           only the first N examples of each train file      --data DIR   data root
  --name NAME         adapter name (default <model>-spider-<schema>[-qlora])

Python: $T2SQL_PYTHON, else trainer/.venv, else python3. Data: $T2SQL_HOME/train/data/; adapters, train.log:
$T2SQL_HOME/adapters/NAME/. Ctrl-C stops the trainer after a checkpoint; the same command resumes it.
`;

const dataFlags = {
  schema: flag.stringOr('keys'),
  shots: flag.int({ min: 0, max: 16, default: 0 }),
  'max-tokens': flag.int({ min: 16, max: 1 << 20 }),
  limit: flag.int({ min: 1, max: 1_000_000 }),
  data: flag.string(),
};

const sftOptions = (v: { schema: string; shots: number; 'max-tokens': number | undefined; limit: number | undefined }, maxLength: number) =>
  ({ schema: v.schema, shots: v.shots, maxTokens: v['max-tokens'] ?? maxLength, ...(v.limit !== undefined ? { limit: v.limit } : {}) });

const trainData = flagged({
  flags: { ...dataFlags, out: flag.requiredString('DIR') },
  async run(ctx, v) {
    const out = path.resolve(ctx.cwd, v.out);
    const written = writeSftDataset(spiderPaths(dataRootFor(ctx, v.data).dir), sftOptions(v, 2048), out);
    ctx.stdout.write(describeSftManifest(written.manifest, out, written.reused) + '\n');
    return 0;
  },
});

const train = flagged({
  flags: {
    ...dataFlags,
    model: flag.requiredString('ID'),
    epochs: flag.number({ min: 0.001, max: 1000, default: 1 }),
    qlora: flag.boolean(),
    'lora-r': flag.int({ min: 1, max: 1024, default: 16 }), 'lora-alpha': flag.number({ min: 0.001, max: 1e6, default: 32 }), 'lora-dropout': flag.number({ min: 0, max: 0.9, default: 0.05 }),
    lr: flag.number({ min: 1e-9, max: 1, default: 2e-4 }),
    batch: flag.int({ min: 1, max: 4096, default: 4 }), 'grad-accum': flag.int({ min: 1, max: 4096, default: 4 }),
    'max-length': flag.int({ min: 16, max: 1 << 20, default: 2048 }),
    seed: flag.int({ min: 0, max: 2 ** 32 - 1, default: 42 }),
    'save-steps': flag.int({ min: 1, max: 1e9, default: 200 }), 'max-steps': flag.int({ min: 1, max: 1e9 }), 'eval-every': flag.int({ min: 1, max: 1e9 }),
    config: flag.string(), name: flag.string(), 'dry-run': flag.boolean(), trainer: flag.string(),
    'eval-endpoint': flag.string(), 'eval-limit': flag.int({ min: 1, max: 1_000_000 }), vllm: flag.string(),
  },
  async run(ctx, v) {
    const configFile = v.config ? path.resolve(ctx.cwd, v.config) : undefined;
    const overrides = configFile ? readRunConfigOverrides(configFile) : {};
    const python = await findPython({ explicit: ctx.env.T2SQL_PYTHON, trainerDir, cwd: ctx.cwd });
    if (!python.ok) throw new InputError(describePythonProblem(python));
    const name = v.name ?? adapterName(v.model, v.schema, v.shots, v.qlora);
    const home = homeLayout(t2sqlHome(ctx));
    const controller = new AbortController();
    const onSignal = (): void => {
      if (!controller.signal.aborted) ctx.stderr.write('\nstopping the trainer (it saves a checkpoint first)…\n');
      controller.abort();
    };
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, onSignal);
    const bar = progressBar(ctx.stderr, name);
    try {
      const dataRoot = dataRootFor(ctx, v.data).dir;
      const result = await trainAdapter({
        paths: spiderPaths(dataRoot), home, data: sftOptions(v, v['max-length']), name, python: python.executable,
        script: v.trainer ? path.resolve(ctx.cwd, v.trainer) : path.join(trainerDir, 'train.py'),
        dryRun: v['dry-run'],
        signal: controller.signal,
        env: ctx.env,
        settings: {
          model: v.model, qlora: v.qlora, epochs: v.epochs, loraR: v['lora-r'], loraAlpha: v['lora-alpha'], loraDropout: v['lora-dropout'],
          learningRate: v.lr, batchSize: v.batch, gradAccum: v['grad-accum'], maxLength: v['max-length'], seed: v.seed,
          saveSteps: v['eval-every'] ?? v['save-steps'], maxSteps: v['max-steps'], overrides,
        },
        onDataset: (d) => ctx.stderr.write(describeSftManifest(d.manifest, d.dir, d.reused) + '\n'),
        onEvent: (e) => {
          if (e.event === 'start') ctx.stderr.write(`training with ${e.backend}${e.resumed_from ? `, resuming from ${e.resumed_from}` : ''}: ${e.total_steps} steps (Python ${python.version}, ${python.source})\n`);
          else if (e.event === 'progress') bar.update(e.step, e.total_steps, `loss ${e.loss?.toFixed(4) ?? '?'} lr ${e.learning_rate?.toExponential(2) ?? '?'} ${Math.round(e.tokens_per_second)} tok/s`);
          else if (e.event === 'checkpoint') ctx.stderr.write(`\ncheckpoint at step ${e.step}: ${e.adapter_dir}\n`);
        },
      });
      bar.done();
      if (result.kind === 'planned') return (ctx.stdout.write(JSON.stringify(result.plan, null, 2) + '\n'), 0);
      if (result.kind !== 'trained') {
        ctx.stderr.write(`t2sql train: ${describeNotTrained(result, configFile ? { file: configFile, fields: overrides } : undefined)}\n`);
        return result.kind === 'not-trained' && result.outcome.kind === 'stopped' ? 130 : 1;
      }
      const a = result.adapter;
      ctx.stdout.write(`adapter ${a.name}: ${a.path}\n  sha256 ${a.hash} · final loss ${result.outcome.done.final_loss ?? '?'} · ${result.outcome.done.steps} steps · registered in ${home.runStore}\n`);
      ctx.stdout.write(`Score it on Spider dev:\n${scoringCommands({ name: a.name, path: a.path, baseModel: a.baseModel }, v).map((c) => `  ${c}\n`).join('')}`);
      if (v['eval-every'] === undefined) return 0;
      // Every checkpoint of the run, those saved before a stop and resume too; runs already in the store are reused.
      const checkpoints = savedCheckpointAdapters(result.outputDir);
      if (checkpoints.length === 0) return (ctx.stderr.write(`no checkpoint adapters in ${path.join(result.outputDir, CHECKPOINT_ADAPTERS)} to score: --eval-every ${v['eval-every']} saves one every ${v['eval-every']} steps\n`), 0);
      const scored = await scoreTrainingRun({
        home, dataRoot, baseModel: v.model, name, outputDir: result.outputDir, checkpoints, prompt: v, cwd: ctx.cwd, limit: v['eval-limit'], signal: controller.signal,
        server: v['eval-endpoint'] ? { kind: 'endpoint', baseUrl: v['eval-endpoint'] } : { kind: 'launch', env: ctx.env, ...(v.vllm ? { executable: v.vllm } : {}) },
        onRun: (label, ex) => ctx.stderr.write(`scored ${label}: EX ${(100 * ex).toFixed(1)}%\n`),
      });
      ctx.stdout.write([...describeLearningCurve(scored.curve), `  wrote ${scored.file}`].map((l) => `${l}\n`).join(''));
      return 0;
    } finally {
      bar.done();
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.off(sig, onSignal);
    }
  },
});

export const command = defineCommand({
  name: 'train',
  summary: 'fine-tune a LoRA adapter on Spider train (SFT data, trainer, registration)',
  help,
  subcommands: { data: trainData },
  otherwise: (ctx) => train(ctx, ctx.argv),
});
