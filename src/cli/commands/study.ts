import { homeLayout } from '../../data/homeLayout.ts';
import { InputError } from '../../data/InputError.ts';
import { spiderPaths } from '../../data/spiderPaths.ts';
import { codeVersion } from '../../generate/codeVersion.ts';
import { generationLimits as L } from '../../generate/generationLimits.ts';
import { experimentFile, loadExperiment } from '../../generate/parseExperiment.ts';
import { spiderPromptInputs } from '../../generate/spiderPromptInputs.ts';
import { FileGoldCache } from '../../sql/FileGoldCache.ts';
import { SqlitePool } from '../../sql/SqlitePool.ts';
import { openAdapterRegistry } from '../../store/openAdapterRegistry.ts';
import { openRunStore } from '../../store/openRunStore.ts';
import { describeStudyEvent, describeStudyPlan, describeStudyRun } from '../../study/describeStudy.ts';
import { planStudy } from '../../study/planStudy.ts';
import { runStudy } from '../../study/runStudy.ts';
import { studyCells, type SkippedCell } from '../../study/studyCells.ts';
import type { CliContext } from '../Command.ts';
import { dataRootFor, t2sqlHome } from '../_internals/common.ts';
import { defineCommand, flagged } from '../defineCommand.ts';
import { flag, type FlagValues } from '../_internals/flags.ts';

const help = `t2sql study — an experiment as a matrix of runs: what the run store has, and filling the rest.

Usage:
  t2sql study plan [--experiment qwen-study] [--run GLOB ...] [--limit N] [--prefill-tps N] [--decode-tps N] [--json]
  t2sql study run  [--experiment qwen-study] [--run GLOB ...] [--limit N] [--endpoint URL ...] [--vllm PATH]

  plan   one line per cell (run × questions): model, adapter, schema, shots, full split or a seeded
         slice, state (scored, generated, partial, missing, no-adapter: train it first, conflict:
         the store has a run of that name with other settings), completions stored, EX; then what
         the missing cells cost: requests, prompt tokens (counted with the prompt builder's
         tokenizer), completion tokens, and GPU time at an assumed throughput (printed;
         --prefill-tps / --decode-tps replace it with yours)
  run    fills the missing cells and scores them (EX, into the run store). Without --endpoint, each
         self-hosted model is served in turn by vLLM (t2sql serve's launcher, with the cells'
         LoRA adapters from the run store), generated, and stopped; gateway runs use the
         experiment's endpoint. --endpoint URL (repeatable) uses servers already up instead
         (several vLLM servers, a gateway): each cell goes to an endpoint that lists its model,
         all endpoints working at once; the run store merges their completions. Running it again
         resumes: stored completions are never requested again, complete cells are left alone.

  --experiment NAME   experiments/NAME.json or a .json path (default qwen-study)
  --run GLOB          only runs whose name matches (* is a wildcard; repeatable)
  --limit N           only the first N questions of the split (slices are drawn from them)
  --concurrency N --timeout S (120) --max-attempts N (6)   per request, as t2sql generate
  --vllm PATH         the vllm executable (default: vllm on PATH)   --port P   vLLM's port
  --data DIR          data root (else $T2SQL_DATA, ./data, ../shared)
Runs and scores are kept in $T2SQL_HOME/runs.sqlite (default ./.t2sql). Exit status of run: 0 when
every cell is scored, 1 when some are left (each is named with the reason), 130 on Ctrl-C.
`;

const flags = {
  experiment: flag.stringOr('qwen-study'), run: flag.strings(), limit: flag.int({ min: 1, max: 1_000_000 }), json: flag.boolean(),
  'prefill-tps': flag.number({ min: 1, max: 1e9 }), 'decode-tps': flag.number({ min: 1, max: 1e9 }),
  endpoint: flag.strings(), vllm: flag.string(), port: flag.int({ min: 1, max: 65_535 }), concurrency: flag.int(L.concurrency),
  timeout: flag.seconds({ ...L.requestTimeoutS, default: 120 }), 'max-attempts': flag.int({ ...L.attempts, default: 6 }), data: flag.string(),
};

type Action = 'plan' | 'run';
const subcommand = (name: Action) => flagged({ flags, run: (ctx, v) => study(ctx, name, v) });

export const command = defineCommand({
  name: 'study',
  summary: 'plan and run an experiment\'s matrix of runs (vLLM per model, gateways), scored',
  help,
  subcommands: { plan: subcommand('plan'), run: subcommand('run') },
  async otherwise(_, action) {
    throw new InputError(`expected 'study plan' or 'study run'${action ? `, got '${action}'` : ''} (see --help)`);
  },
});

async function study(ctx: CliContext, action: Action, v: FlagValues<typeof flags>): Promise<number> {
  const experiment = loadExperiment(experimentFile(v.experiment, ctx.cwd));
  const home = homeLayout(t2sqlHome(ctx));
  const dataRoot = dataRootFor(ctx, v.data).dir;
  const inputs = spiderPromptInputs(spiderPaths(dataRoot), experiment.split);
  const onSkip = (c: SkippedCell): void => void ctx.stderr.write(`note: ${c.label} left out: its slice '${c.slice}' takes ${c.sliceSize} questions, more than the ${c.population} of --limit\n`);
  const cells = studyCells(experiment, { patterns: v.run, splitSize: inputs.examples.length, limit: v.limit, onSkip });
  const registry = openAdapterRegistry(home.runStore);
  const adapters = registry.list();
  registry.close();
  const store = openRunStore(home.runStore);
  try {
    if (action === 'plan') {
      const throughput = { ...(v['prefill-tps'] ? { prefillTps: v['prefill-tps'] } : {}), ...(v['decode-tps'] ? { decodeTps: v['decode-tps'] } : {}) };
      const plan = planStudy(cells, { store, adapters, inputs, throughput, cwd: ctx.cwd });
      const again = ['t2sql study run', v.experiment !== 'qwen-study' ? `--experiment ${v.experiment}` : '', ...v.run.map((r) => `--run '${r}'`), v.limit ? `--limit ${v.limit}` : ''];
      ctx.stdout.write(v.json ? `${JSON.stringify({ ...plan, cells: plan.cells.map(({ cell, ...c }) => ({ ...c, run: cell.plan.def.name, indices: cell.indices.length })) }, null, 2)}\n` : describeStudyPlan(plan, { run: again.filter(Boolean).join(' ') }));
      return 0;
    }
    const controller = new AbortController();
    const onSigint = (): void => {
      ctx.stderr.write('\ninterrupted: stopping (completions received are stored; the same command resumes)\n');
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    const pool = new SqlitePool();
    const goldCache = new FileGoldCache(home.goldCache);
    try {
      const result = await runStudy(cells, {
        store, adapters, inputs, dataRoot, executor: pool, goldCache, codeVersion: await codeVersion(ctx.cwd), env: (name) => ctx.env[name], cwd: ctx.cwd,
        endpoints: v.endpoint, timeoutMs: v.timeout, maxAttempts: v['max-attempts'], concurrency: v.concurrency, signal: controller.signal,
        launch: { env: ctx.env, ...(v.vllm ? { executable: v.vllm } : {}), ...(v.port ? { port: v.port } : {}), onLog: (line) => ctx.stderr.write(`${line}\n`) },
        onEvent: (e) => ctx.stdout.write(`${describeStudyEvent(e)}\n`),
      });
      ctx.stdout.write(`${describeStudyRun(result)}\n`);
      if (controller.signal.aborted) return 130;
      return result.skipped > 0 || result.failed > 0 ? 1 : 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      await pool.close();
      goldCache.flush();
    }
  } finally {
    store.close();
  }
}
