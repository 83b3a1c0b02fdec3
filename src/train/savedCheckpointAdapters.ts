import fs from 'node:fs';
import path from 'node:path';
import { hashAdapter } from '../generate/hashAdapter.ts';

/** A checkpoint's adapter as the trainer saved it beside its checkpoint. */
export interface SavedCheckpointAdapter {
  readonly step: number;
  readonly dir: string;
  /** Its content hash, as `t2sql generate` records adapters. */
  readonly hash: string;
}

/** Where the trainer saves each checkpoint's adapter: `step-<N>/` in here (trainer/t2sql_trainer/checkpoints.py). */
export const CHECKPOINT_ADAPTERS = 'checkpoint-adapters';

/**
 * Every checkpoint adapter saved in a run's output folder, by step: those of earlier invocations
 * too (a run stopped and resumed, or run again once done). A folder without both the adapter's
 * config and its weights (killed while saving) is left out.
 */
export function savedCheckpointAdapters(outputDir: string): SavedCheckpointAdapter[] {
  const root = path.join(outputDir, CHECKPOINT_ADAPTERS);
  if (!fs.existsSync(root)) return [];
  const saved: SavedCheckpointAdapter[] = [];
  for (const name of fs.readdirSync(root)) {
    const m = /^step-(\d+)$/.exec(name);
    const dir = path.join(root, name);
    if (!m || !fs.statSync(dir).isDirectory()) continue;
    const files = fs.readdirSync(dir);
    if (!files.includes('adapter_config.json') || !files.some((f) => f.startsWith('adapter_model.'))) continue;
    saved.push({ step: Number(m[1]), dir, hash: hashAdapter(dir) });
  }
  return saved.sort((a, b) => a.step - b.step);
}
