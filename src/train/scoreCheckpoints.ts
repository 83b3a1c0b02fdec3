import { evaluateRun } from '../evaluate/evaluateRun.ts';
import { adhocExperiment } from '../generate/adhocExperiment.ts';
import { generatePlannedRun } from '../generate/generatePlannedRun.ts';
import { launchVllm, type VllmServer } from '../generate/launchVllm.ts';
import { ExecutionUnavailableError } from '../metrics/ExecutionUnavailableError.ts';
import { planRuns } from '../generate/planRuns.ts';
import type { PromptInputs } from '../generate/spiderPromptInputs.ts';
import type { SqlExecutor } from '../sql/ExecOutcome.ts';
import type { RunStore } from '../store/RunStore.ts';
import { learningCurve, type LearningCurve } from './learningCurve.ts';

/** A saved checkpoint's adapter. */
export interface CheckpointAdapter {
  readonly step: number;
  /** Its name on the server (`<adapter>-step<N>`). */
  readonly name: string;
  readonly dir: string;
  /** Its content hash when known (else `dir` is hashed). */
  readonly hash?: string;
}

/** A server already up with the base model and every checkpoint, or one to start (vLLM). */
export type ScoringServer =
  | { readonly kind: 'endpoint'; readonly baseUrl: string }
  | { readonly kind: 'launch'; readonly executable?: string; readonly env?: Readonly<Record<string, string | undefined>>; readonly onLog?: (line: string) => void };

export interface ScoreCheckpointsSetup {
  readonly baseModel: string;
  readonly checkpoints: readonly CheckpointAdapter[];
  readonly prompt: { readonly schema: string; readonly shots: number };
  readonly server: ScoringServer;
  readonly store: RunStore;
  readonly inputs: PromptInputs;
  readonly dataRoot: string;
  readonly executor: SqlExecutor;
  readonly codeVersion: string;
  readonly cwd: string;
  /** Only the first `limit` dev questions. */
  readonly limit?: number;
  readonly signal?: AbortSignal;
  readonly onRun?: (label: string, accuracy: number) => void;
}

export interface ScoredCurve {
  readonly curve: LearningCurve;
  /** Run names in the store (experiment `adhoc`): the base model's, then each checkpoint's. */
  readonly runs: readonly string[];
}

/**
 * Scores the base model and every checkpoint on Spider dev through the path `t2sql generate` and
 * `t2sql eval` take (the same prompts, the run store, execution accuracy), then the learning curve:
 * accuracy with a bootstrap CI at each step and a paired exact test against the base model.
 */
export async function scoreCheckpoints(setup: ScoreCheckpointsSetup): Promise<ScoredCurve> {
  let server: VllmServer | null = null;
  const baseUrl =
    setup.server.kind === 'endpoint'
      ? setup.server.baseUrl
      : (server = await launchVllm(setup.baseModel, {
          loras: setup.checkpoints.map((c) => ({ name: c.name, path: c.dir })),
          ...(setup.server.executable ? { executable: setup.server.executable } : {}),
          ...(setup.server.env ? { env: setup.server.env } : {}),
          ...(setup.server.onLog ? { onLog: setup.server.onLog } : {}),
          ...(setup.signal ? { signal: setup.signal } : {}),
        })).baseUrl;
  try {
    const score = async (adapter: CheckpointAdapter | null): Promise<{ name: string; correct: (0 | 1)[]; hash: string }> => {
      const experiment = adhocExperiment({
        model: setup.baseModel,
        endpoint: baseUrl,
        profile: 'vllm',
        api: 'chat',
        schema: setup.prompt.schema,
        shots: setup.prompt.shots,
        ...(adapter ? { adapter: adapter.hash ? `${adapter.name}@${adapter.hash}` : `${adapter.name}=${adapter.dir}`, name: adapter.name } : {}),
      });
      const [plan] = planRuns(experiment, [], 'dev');
      const { start } = await generatePlannedRun(plan!, {
        store: setup.store,
        inputs: setup.inputs,
        codeVersion: setup.codeVersion,
        env: () => undefined,
        cwd: setup.cwd,
        limit: setup.limit,
        timeoutMs: 120_000,
        maxAttempts: 6,
        check: true,
        ...(setup.signal ? { signal: setup.signal } : {}),
      });
      const predictions = setup.store.predictions(start.runId);
      const result = await evaluateRun({ dataRoot: setup.dataRoot, split: 'dev', predictionFile: null, predictions, ...(setup.limit ? { limit: setup.limit } : {}), metrics: ['ex'], executor: setup.executor });
      if (result.unavailable.length > 0) throw new ExecutionUnavailableError(start.label, result.unavailable, result.verdicts.length);
      const correct = result.verdicts.map((v): 0 | 1 => (v.correct ? 1 : 0));
      setup.store.recordScores(start.runId, 'ex', correct.map((value, index) => ({ index, sample: 0, value })));
      setup.onRun?.(start.label, correct.reduce<number>((a, b) => a + b, 0) / correct.length);
      return { name: plan!.def.name, correct, hash: start.config.adapter?.hash ?? '' };
    };
    const base = await score(null);
    const scored = [];
    for (const c of setup.checkpoints) scored.push({ step: c.step, ...(await score(c)) });
    return {
      curve: learningCurve(base.correct, scored.map((s) => ({ step: s.step, adapterHash: s.hash, correct: s.correct }))),
      runs: [base.name, ...scored.map((s) => s.name)],
    };
  } finally {
    await server?.stop();
  }
}
