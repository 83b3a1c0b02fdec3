/**
 * The trainer's progress protocol (trainer/t2sql_trainer/protocol.py): one JSON object per line on
 * stdout, tagged by `event`. Kinds of failure are the `kind` of an `error` event, never its text.
 */
export type TrainerErrorKind = 'config' | 'checkpoint_mismatch' | 'dataset' | 'environment' | 'no_cuda' | 'oom' | 'interrupted' | 'crash';

export type TrainerEvent =
  | { readonly event: 'plan'; readonly plan: TrainPlan; readonly config_hash: string }
  | { readonly event: 'start'; readonly backend: string; readonly total_steps: number; readonly resumed_from: string | null; readonly gpu?: unknown; readonly versions?: unknown }
  | {
      readonly event: 'progress';
      readonly step: number;
      readonly total_steps: number;
      readonly loss: number | null;
      readonly learning_rate: number | null;
      readonly tokens_per_second: number;
      readonly eta_seconds: number | null;
      readonly epoch: number | null;
    }
  | { readonly event: 'checkpoint'; readonly step: number; readonly path: string; readonly adapter_dir: string; readonly adapter_hash: string; readonly loss: number | null }
  | { readonly event: 'done'; readonly adapter_dir: string; readonly adapter_hash: string; readonly metadata: string; readonly final_loss: number | null; readonly steps: number; readonly wall_seconds: number }
  | { readonly event: 'stopped'; readonly step: number; readonly checkpoint: string | null }
  | {
      readonly event: 'error';
      readonly kind: TrainerErrorKind;
      /** Without the file, when `file` names it. */
      readonly message: string;
      readonly suggestions: readonly string[];
      /** The file holding the bad value (the run.json it read), for config errors. */
      readonly file?: string | null;
      /** The config field at fault, dotted (`lora.r`). */
      readonly field?: string | null;
    };

/** What `train.py --dry-run` plans (the fields t2sql reads; the rest is passed through). */
export interface TrainPlan {
  readonly examples: number;
  readonly total_steps: number;
  readonly steps_per_epoch: number;
  readonly over_max_length: { readonly max_length: number; readonly count: number };
  readonly tokens: { readonly total: number; readonly per_epoch: number; readonly longest: number };
  readonly memory: { readonly estimate_gib: number | null; readonly fits?: boolean; readonly gpu_gib?: number; readonly would_fit?: readonly string[]; readonly note?: string } | null;
}

const events = new Set(['plan', 'start', 'progress', 'checkpoint', 'done', 'stopped', 'error']);

/** The event on one stdout line, or null for a line that is not part of the protocol. */
export function parseTrainerEvent(line: string): TrainerEvent | null {
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const event = (value as { event?: unknown }).event;
  return typeof event === 'string' && events.has(event) ? (value as TrainerEvent) : null;
}
