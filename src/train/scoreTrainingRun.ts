import fs from 'node:fs';
import path from 'node:path';
import type { HomeLayout } from '../data/homeLayout.ts';
import { spiderPaths } from '../data/spiderPaths.ts';
import { InputError } from '../data/InputError.ts';
import { codeVersion } from '../generate/codeVersion.ts';
import { VllmNotFoundError, VllmStartError } from '../generate/launchVllm.ts';
import { spiderPromptInputs } from '../generate/spiderPromptInputs.ts';
import { SqlitePool } from '../sql/SqlitePool.ts';
import { openRunStore } from '../store/openRunStore.ts';
import type { SavedCheckpointAdapter } from './savedCheckpointAdapters.ts';
import { scoreCheckpoints, type ScoredCurve, type ScoringServer } from './scoreCheckpoints.ts';

export interface ScoreTrainingRunSetup {
  readonly home: HomeLayout;
  readonly dataRoot: string;
  readonly baseModel: string;
  /** The adapter's name; checkpoints are served as `<name>-step<N>`. */
  readonly name: string;
  readonly outputDir: string;
  /** Usually every one saved in `outputDir` (savedCheckpointAdapters). */
  readonly checkpoints: readonly SavedCheckpointAdapter[];
  readonly prompt: { readonly schema: string; readonly shots: number };
  readonly server: ScoringServer;
  readonly cwd: string;
  readonly limit?: number | undefined;
  readonly signal?: AbortSignal;
  readonly onRun?: (label: string, accuracy: number) => void;
}

/** `scoreCheckpoints` with the run store, query processes and dev prompts of a t2sql home; writes `learning-curve.json` beside the adapter. */
export async function scoreTrainingRun(s: ScoreTrainingRunSetup): Promise<ScoredCurve & { readonly file: string }> {
  const store = openRunStore(s.home.runStore);
  const pool = new SqlitePool();
  try {
    pool.warmUp();
    const scored = await scoreCheckpoints({
      baseModel: s.baseModel,
      checkpoints: s.checkpoints.map((c) => ({ step: c.step, name: `${s.name}-step${c.step}`, dir: c.dir, hash: c.hash })),
      prompt: s.prompt,
      server: s.server,
      store,
      inputs: spiderPromptInputs(spiderPaths(s.dataRoot), 'dev'),
      dataRoot: s.dataRoot,
      executor: pool,
      codeVersion: await codeVersion(s.cwd),
      cwd: s.cwd,
      ...(s.limit !== undefined ? { limit: s.limit } : {}),
      ...(s.signal ? { signal: s.signal } : {}),
      ...(s.onRun ? { onRun: s.onRun } : {}),
    });
    const file = path.join(s.outputDir, 'learning-curve.json');
    fs.writeFileSync(file, JSON.stringify({ baseModel: s.baseModel, prompt: s.prompt, limit: s.limit ?? null, runs: scored.runs, ...scored.curve }, null, 2) + '\n');
    return { ...scored, file };
  } catch (err) {
    if (err instanceof VllmNotFoundError) throw new InputError(`${err.message} (or give --eval-endpoint URL of a server that is up)`);
    if (err instanceof VllmStartError) throw new InputError(`vLLM did not start to score the checkpoints: ${err.message.split('\n')[0]}`);
    throw err;
  } finally {
    await pool.close();
    store.close();
  }
}
