import fs from 'node:fs';
import { InputError } from '../data/InputError.ts';

/** What `t2sql train` asks of the trainer; written as run.json (trainer/t2sql_trainer/config.py). */
export interface TrainSettings {
  readonly model: string;
  readonly dataset: string;
  readonly outputDir: string;
  readonly qlora: boolean;
  readonly epochs: number;
  readonly loraR: number;
  readonly loraAlpha: number;
  readonly loraDropout: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly gradAccum: number;
  readonly maxLength: number;
  readonly seed: number;
  readonly saveSteps: number;
  readonly maxSteps?: number | undefined;
  /** Further fields of run.json (from `--config FILE`), applied last; never model, dataset or output_dir. */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/** run.json fields that `t2sql train` sets itself, and the flag that sets each. */
const setByFlags: Readonly<Record<string, string>> = {
  model: 'is set by --model',
  dataset: 'is the SFT set t2sql train builds from Spider train: choose it with --schema, --shots, --max-tokens and --limit',
  output_dir: 'is $T2SQL_HOME/adapters/NAME: choose it with --name',
};

/** Why `overrides` cannot be run.json fields of `t2sql train`, or null when they can. */
function refusedOverride(o: Readonly<Record<string, unknown>>): string | null {
  const field = Object.keys(setByFlags).find((f) => f in o);
  if (field !== undefined) return `${field} ${setByFlags[field]}; remove it from the --config file`;
  if (o.lora !== undefined && (typeof o.lora !== 'object' || o.lora === null || Array.isArray(o.lora))) return 'lora must be an object of r, alpha, dropout, target_modules';
  return null;
}

/** The run.json object (the trainer validates it; unknown fields are its errors, not ours). */
export function trainRunConfig(s: TrainSettings): Record<string, unknown> {
  const base: Record<string, unknown> = {
    model: s.model,
    dataset: s.dataset,
    output_dir: s.outputDir,
    method: s.qlora ? 'qlora' : 'lora',
    lora: { r: s.loraR, alpha: s.loraAlpha, dropout: s.loraDropout },
    learning_rate: s.learningRate,
    epochs: s.epochs,
    batch_size: s.batchSize,
    grad_accum: s.gradAccum,
    max_length: s.maxLength,
    seed: s.seed,
    save_steps: s.saveSteps,
    ...(s.maxSteps !== undefined ? { max_steps: s.maxSteps } : {}),
  };
  const o = s.overrides ?? {};
  const refused = refusedOverride(o);
  if (refused !== null) throw new InputError(`--config: ${refused}`);
  return { ...base, ...o, lora: { ...(base.lora as Record<string, unknown>), ...(o.lora as Record<string, unknown> | undefined) } };
}

/** The folder name of an adapter: `qwen2.5-coder-1.5b-instruct-spider-keys[-qlora]`. */
export function adapterName(model: string, schema: string, shots: number, qlora: boolean): string {
  const base = (model.split('/').filter(Boolean).at(-1) ?? 'model').toLowerCase();
  return `${base}-spider-${schema}${shots > 0 ? `-${shots}shot` : ''}${qlora ? '-qlora' : ''}`.replace(/[^a-z0-9._+-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
}

/** The extra run.json fields of `--config FILE`: a JSON object, else an InputError naming the file. */
export function readRunConfigOverrides(file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read run.json fields: ${(err as Error).message}`, { file });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('expected a JSON object of run.json fields (see trainer/README.md)', { file });
  const refused = refusedOverride(value as Record<string, unknown>);
  if (refused !== null) throw new InputError(refused, { file });
  return value as Record<string, unknown>;
}
