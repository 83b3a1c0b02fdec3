import path from 'node:path';
import { homeLayout } from '../../data/homeLayout.ts';
import { InputError } from '../../data/InputError.ts';
import { spiderPaths } from '../../data/spiderPaths.ts';
import { adhocExperiment } from '../../generate/adhocExperiment.ts';
import { codeVersion } from '../../generate/codeVersion.ts';
import { describeGenerationSummary, describeInterrupt, describeRunStart } from '../../generate/describeGeneration.ts';
import { endpointProfiles } from '../../generate/EndpointConfig.ts';
import { generatePlannedRun } from '../../generate/generatePlannedRun.ts';
import type { GenerationProgress } from '../../generate/generateRun.ts';
import { generationLimits as L } from '../../generate/generationLimits.ts';
import { experimentFile, loadExperiment } from '../../generate/parseExperiment.ts';
import { planRuns } from '../../generate/planRuns.ts';
import { spiderPromptInputs } from '../../generate/spiderPromptInputs.ts';
import { fewShotSelectors } from '../../prompt/fewShotPool.ts';
import { describeExport, exportRun, prepareExportDir } from '../../store/exportRun.ts';
import { formatPlannedRuns } from '../../store/formatRunList.ts';
import { openRunStore } from '../../store/openRunStore.ts';
import { dataRootFor, t2sqlHome } from '../_internals/common.ts';
import { defineCommand } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';
import { progressBar } from '../_internals/progressBar.ts';

const help = `t2sql generate — generate SQL for Spider questions with an OpenAI-compatible server
(vLLM, LLMGateway, llama.cpp, Ollama, OpenAI), committing each completion to the run store.

Usage:
  t2sql generate --experiment NAME [--run GLOB ...] [--limit N] [--out DIR] [--list]
  t2sql generate --model ID --endpoint URL [--profile P] [--api chat|completions]
                 [--schema REP] [--shots N] [--name RUN] [--limit N] [--out DIR]

Runs:
  --experiment NAME   experiments/NAME.json (or a .json path); every run in it, or those whose
                      name matches a --run pattern (* is a wildcard; repeatable); --list lists
                      them with what the store holds of each, generating nothing
  --model ID          ad hoc run (experiment "adhoc"): the model id as the server knows it
  --endpoint URL      its base URL, e.g. http://127.0.0.1:8000/v1 (default: the profile's)
  --profile P         ${endpointProfiles.join(', ')} (default openai-compatible)
  --api-key-env VAR   environment variable holding the API key (llmgateway: LLMGATEWAY_API_KEY)
  --api KIND          chat (default) or completions (base models: the flattened prompt)
  --adapter NAME=DIR  a vLLM LoRA adapter: requests name NAME; DIR is hashed to identify it
  --schema REP --shots N --selector S   schema representation (keys), few-shot examples 0-64
                      (0) chosen by ${fewShotSelectors.join(', ')} (bm25)
  --name RUN          the ad hoc run's name (default: model-schema-Nshot)
Decoding (ad hoc runs): --temperature 0-2 (0) --top-p 0-1 (1) --max-tokens N (256) --seed N
  --stop S (repeatable) --samples 1-100 (1; each sample is its own draw and cache entry)

Both:
  --split dev|train   questions to answer (default: the experiment's, else dev)
  --limit N           only the first N questions (running again without it widens the run)
  --concurrency N     requests in flight, 1-256 (default: the run's, else 8)
  --timeout S         per request, 1-86400 seconds (default 120)
  --max-attempts N    per completion, 1-20 (default 6); backs off on 429 / 5xx / dropped ones
  --out DIR           also write DIR/pred.sql (DIR/<run>/pred.sql for several runs) and run.json
                      for t2sql eval --pred, once every example has a completion
  --allow-incomplete  accept failed requests: write --out anyway (those examples as empty
                      lines, counted on stderr and listed in run.json) and exit 0
  --allow-endpoint-change  resume a run started against another endpoint (recorded per completion)
  --no-check          do not ask the server's /v1/models whether it serves the model first
  --data DIR          data root (else $T2SQL_DATA, ./data, ../shared)

Running the same command again resumes: stored completions are not requested again, failed
ones are retried. Two processes on one run share it: each item is leased to one of them, and
the items of a process that died are taken over. Exit status: 0 when every example has a
completion; 1 when requests failed (recorded; --out not written unless --allow-incomplete) or
on an error; 130 on Ctrl-C, which cancels the requests in flight (not recorded), keeps every
completion received, and exits (a second Ctrl-C quits at once). Runs are kept in
$T2SQL_HOME/runs.sqlite (default ./.t2sql).
`;

export const command = defineCommand({
  name: 'generate',
  summary: 'generate SQL with an OpenAI-compatible model server into the run store',
  help,
  flags: {
    experiment: flag.string(), run: flag.strings(), list: flag.boolean(), model: flag.string(), endpoint: flag.string(),
    profile: flag.choice(endpointProfiles), 'api-key-env': flag.string(), api: flag.choice(['chat', 'completions']),
    adapter: flag.string(), schema: flag.string(), shots: flag.int(L.shots), selector: flag.choice(fewShotSelectors), name: flag.string(),
    temperature: flag.number({ min: 0, max: 2 }), 'top-p': flag.number({ min: 0, max: 1 }), 'max-tokens': flag.int(L.maxTokens),
    seed: flag.int(L.seed), stop: flag.strings(), samples: flag.int(L.samples), split: flag.choice(['dev', 'train']),
    limit: flag.int({ min: 1, max: 1_000_000 }), concurrency: flag.int(L.concurrency), timeout: flag.seconds({ ...L.requestTimeoutS, default: 120 }),
    'max-attempts': flag.int({ ...L.attempts, default: 6 }), out: flag.string(), 'allow-incomplete': flag.boolean(),
    'allow-endpoint-change': flag.boolean(), 'no-check': flag.boolean(), data: flag.string(),
  },
  async run(ctx, v) {
    if (v.experiment !== undefined && v.model !== undefined) throw new InputError('give --experiment or --model, not both');
    const { model } = v;
    const experiment =
      v.experiment !== undefined
        ? loadExperiment(experimentFile(v.experiment, ctx.cwd))
        : model !== undefined
          ? adhocExperiment({ ...v, model, apiKeyEnv: v['api-key-env'], topP: v['top-p'], maxTokens: v['max-tokens'] })
          : null;
    if (!experiment) throw new InputError('give --experiment NAME or --model ID --endpoint URL (see --help)');
    const planned = planRuns(experiment, v.run, v.split);
    const store = openRunStore(homeLayout(t2sqlHome(ctx)).runStore);
    try {
      if (v.list) {
        ctx.stdout.write(formatPlannedRuns(planned, store.listRuns({ experiment: experiment.name })));
        return 0;
      }
      const inputs = spiderPromptInputs(spiderPaths(dataRootFor(ctx, v.data).dir), planned[0]!.split);
      const outDir = (name: string): string => path.resolve(ctx.cwd, v.out ?? '', planned.length > 1 ? name : '');
      if (v.out !== undefined) for (const p of planned) prepareExportDir(outDir(p.def.name)).discard();
      const version = await codeVersion(ctx.cwd);
      const controller = new AbortController();
      let last: GenerationProgress | null = null;
      const onSigint = (): void => {
        ctx.stderr.write(`\n${describeInterrupt(last?.inFlight ?? 0)}\n`);
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      let failed = 0;
      let unwritten = 0;
      try {
        for (const plan of planned) {
          if (controller.signal.aborted) break;
          const bar = progressBar(ctx.stderr, plan.def.name);
          let toldHeld = false;
          const { start, summary } = await generatePlannedRun(plan, {
            store, inputs, codeVersion: version, env: (name) => ctx.env[name], cwd: ctx.cwd, limit: v.limit, concurrency: v.concurrency,
            timeoutMs: v.timeout, maxAttempts: v['max-attempts'], check: !v['no-check'], allowEndpointChange: v['allow-endpoint-change'], signal: controller.signal,
            onStart: (s) => ctx.stderr.write(`${describeRunStart(s)}\n`),
            onWarning: (message) => ctx.stderr.write(`warning: ${message}\n`),
            onProgress: (p) => {
              last = p;
              if (p.heldBy && !toldHeld) ctx.stderr.write(`another process (pid ${p.heldBy.pid} on ${p.heldBy.host}) is generating some of these items: they are left to it and waited for\n`);
              toldHeld ||= p.heldBy !== null;
              bar.update(p.resumed + p.fetched + p.cached + p.byOthers + p.failed, p.total, `cached ${p.cached} failed ${p.failed} retries ${p.retries}`);
            },
          }).finally(() => bar.done());
          ctx.stdout.write(`${describeGenerationSummary(start.label, summary)}\n`);
          failed += summary.failed;
          if (v.out === undefined || summary.aborted) continue;
          const r = exportRun(store, store.findRun(plan.experiment, plan.def.name)!, outDir(plan.def.name), { allowIncomplete: v['allow-incomplete'] });
          ctx.stderr.write(`${describeExport(r, path.relative(ctx.cwd, r.predFile) || r.predFile)}\n`);
          if (r.kind === 'incomplete') unwritten++;
        }
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      if (controller.signal.aborted) return 130;
      if (failed > 0) ctx.stderr.write(`${failed} completion(s) failed (recorded); run the same command again to retry them\n`);
      return (failed > 0 || unwritten > 0) && !v['allow-incomplete'] ? 1 : 0;
    } finally {
      store.close();
    }
  },
});

