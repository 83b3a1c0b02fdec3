import fs from 'node:fs';
import path from 'node:path';
import { homeLayout } from '../../data/homeLayout.ts';
import { loadGold } from '../../evaluate/evaluateRun.ts';
import { InputError } from '../../data/InputError.ts';
import { checkQuestionLimit } from '../../generate/checkQuestionLimit.ts';
import { generationLimits } from '../../generate/generationLimits.ts';
import { describeExport, exportRun } from '../../store/exportRun.ts';
import { formatRunList } from '../../store/formatRunList.ts';
import { importPredictionFile } from '../../store/importPredictionFile.ts';
import { openRunStore } from '../../store/openRunStore.ts';
import type { RunRecord, RunStore } from '../../store/RunStore.ts';
import { goldSource, t2sqlHome } from '../_internals/common.ts';
import { defineCommand } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';

const help = `t2sql runs — list, export, import and delete the runs in the run store
($T2SQL_HOME/runs.sqlite, default ./.t2sql).

Usage:
  t2sql runs [--experiment NAME] [--json]
  t2sql runs export EXPERIMENT/RUN --out DIR [--sample K] [--allow-incomplete]
  t2sql runs import FILE --experiment NAME --name RUN [--limit N] [--split dev|train] [--gold FILE] [--data DIR]
  t2sql runs delete EXPERIMENT/RUN

  (list)    one line per run: status, completions / n, failed, cached (replayed from the
            completion cache, costing nothing), mean latency of fetched completions.
            finished: every example has a completion; failures: every example settled but
            some requests failed (t2sql generate retries them); partial: not all settled
  export    DIR/pred.sql (one SQL per line in split order, '' where the model gave no SQL: what
            t2sql eval --pred reads) and DIR/run.json (the run's settings and counts). A run
            with examples lacking a completion (failed or not generated) is refused unless
            --allow-incomplete, which writes them as empty lines and lists them in run.json
  --sample K  which sample of each example (0 to the run's samples - 1; default 0)
  import    a prediction file (lines or JSONL) as a finished run, so published sets and
            generated runs are the same thing to claims; importing the same file again is a
            no-op. It must hold one prediction per example of the gold (--split, default dev,
            under --data; or --gold FILE), as t2sql eval reads it; --limit N: the first N
  delete    removes the run and its completions (copies cached by other runs stay)
`;

export const command = defineCommand({
  name: 'runs',
  summary: 'list, export, import or delete runs in the run store',
  help,
  flags: {
    experiment: flag.string(),
    name: flag.string(),
    out: flag.string(),
    sample: flag.int({ min: 0, max: generationLimits.samples.max - 1, default: 0 }),
    limit: flag.int({ min: 1, max: 10_000_000 }),
    json: flag.boolean(),
    'allow-incomplete': flag.boolean(),
    split: flag.choice(['dev', 'train'], 'dev'),
    gold: flag.string(),
    data: flag.string(),
  },
  positionals: true,
  async run(ctx, v, positionals) {
    const [action = 'list', target, ...extra] = positionals;
    if (extra.length > 0) throw new InputError(`unexpected argument '${extra[0]}' (see --help)`);
    const file = homeLayout(t2sqlHome(ctx)).runStore;
    const withStore = (use: (store: RunStore) => number): number => {
      const store = openRunStore(file);
      try {
        return use(store);
      } finally {
        store.close();
      }
    };
    switch (action) {
      case 'list': {
        if (target !== undefined) throw new InputError(`unexpected argument '${target}' (see --help)`);
        if (!fs.existsSync(file)) {
          ctx.stdout.write(v.json ? '[]\n' : `no run store at ${file} yet (t2sql generate creates it)\n`);
          return 0;
        }
        return withStore((store) => {
          const all = store.listRuns(v.experiment !== undefined ? { experiment: v.experiment } : {});
          if (v.json) ctx.stdout.write(JSON.stringify(all, null, 2) + '\n');
          else ctx.stdout.write(all.length > 0 ? formatRunList(all) : `no runs${v.experiment ? ` in experiment '${v.experiment}'` : ''} in ${file}\n`);
          return 0;
        });
      }
      case 'export': {
        if (v.out === undefined) throw new InputError('runs export needs --out DIR');
        const out = path.resolve(ctx.cwd, v.out);
        return withStore((store) => {
          const run = findRun(store, target);
          const samples = run.origin.kind === 'generated' ? run.origin.config.samples : 1;
          if (v.sample >= samples) throw new InputError(`--sample ${v.sample}: run ${run.experiment}/${run.name} has ${samples} sample(s) per example (0 to ${samples - 1})`);
          const r = exportRun(store, run, out, { sample: v.sample, allowIncomplete: v['allow-incomplete'] });
          if (r.kind === 'incomplete') throw new InputError(describeExport(r, path.join(v.out!, 'pred.sql')));
          ctx.stdout.write(`${describeExport(r, path.join(v.out!, 'pred.sql'))}\n`);
          return 0;
        });
      }
      case 'import': {
        if (target === undefined) throw new InputError('runs import needs a prediction FILE');
        if (v.experiment === undefined || v.name === undefined) throw new InputError('runs import needs --experiment NAME and --name RUN');
        const source = path.resolve(ctx.cwd, target);
        const { dataRoot, split, goldFile } = goldSource(ctx, v);
        const gold = loadGold(dataRoot, split, goldFile);
        checkQuestionLimit(v.limit, gold.length, split);
        return withStore((store) => {
          const run = importPredictionFile(store, source, { experiment: v.experiment!, name: v.name!, limit: v.limit, gold });
          ctx.stdout.write(`${run.experiment}/${run.name}: ${run.n} predictions imported\n`);
          return 0;
        });
      }
      case 'delete':
        return withStore((store) => {
          const run = findRun(store, target);
          store.deleteRun(run.id);
          ctx.stdout.write(`deleted ${run.experiment}/${run.name}\n`);
          return 0;
        });
      default:
        throw new InputError(`unknown action '${action}' (list, export, import, delete)`);
    }
  },
});

function findRun(store: RunStore, ref: string | undefined): RunRecord {
  const m = ref === undefined ? null : /^([^/]+)\/(.+)$/.exec(ref);
  if (!m) throw new InputError('name the run as EXPERIMENT/RUN (see t2sql runs)');
  const run = store.findRun(m[1]!, m[2]!);
  if (!run) throw new InputError(`no run ${ref} in ${store.file} (see t2sql runs)`);
  return run;
}
