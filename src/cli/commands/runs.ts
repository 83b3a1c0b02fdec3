import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../data/InputError.ts';
import { readPredictionFile, writePredictionFile } from '../../data/predictionFile.ts';
import { openRunStore } from '../../store/openRunStore.ts';
import { RunConflictError } from '../../store/RunConflictError.ts';
import type { RunRecord, RunStore, RunSummary } from '../../store/RunStore.ts';
import { runStoreFile } from '../../store/runStorePath.ts';
import { t2sqlVersion } from '../../version.ts';
import type { CliContext, Command } from '../Command.ts';
import { parsePositiveInt, t2sqlHome, parseFlags } from '../_internals/common.ts';

const help = `t2sql runs — list, export, import and delete the runs in the run store
($T2SQL_HOME/runs.sqlite, default ./.t2sql).

Usage:
  t2sql runs [--experiment NAME] [--json]
  t2sql runs export EXPERIMENT/RUN --out DIR [--sample K]
  t2sql runs import FILE --experiment NAME --name RUN [--limit N]
  t2sql runs delete EXPERIMENT/RUN

  (list)    one line per run: status, completions / n, failed, cached (replayed from the
            completion cache, costing nothing), mean latency of fetched completions
  export    DIR/pred.sql (one SQL per line in split order, '' where the model gave none: what
            t2sql eval --pred reads) and DIR/run.json (the run's settings and counts)
  import    a prediction file (lines or JSONL) as a finished run, so published sets and
            generated runs are the same thing to claims; importing the same file again is a no-op
  delete    removes the run and its completions (copies cached by other runs stay)
`;

export const command: Command = {
  name: 'runs',
  summary: 'list, export, import or delete runs in the run store',
  help,
  async run(ctx) {
    const { values, positionals } = parseFlags(
      ctx.argv,
      { experiment: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' }, sample: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    const [action = 'list', target, ...extra] = positionals;
    if (extra.length > 0) throw new InputError(`unexpected argument '${extra[0]}' (see --help)`);
    const file = runStoreFile(t2sqlHome(ctx));
    if (action === 'list') {
      if (target !== undefined) throw new InputError(`unexpected argument '${target}' (see --help)`);
      if (!fs.existsSync(file)) {
        ctx.stdout.write(values.json ? '[]\n' : `no run store at ${file} yet (t2sql generate creates it)\n`);
        return 0;
      }
      return withStore(file, (store) => list(ctx, store, values.experiment, Boolean(values.json)));
    }
    if (action === 'export') {
      if (!values.out) throw new InputError('runs export needs --out DIR');
      const sample = values.sample === undefined ? 0 : Number(values.sample);
      if (!Number.isInteger(sample) || sample < 0) throw new InputError(`--sample expects a non-negative integer, got '${values.sample}'`);
      const out = path.resolve(ctx.cwd, values.out);
      return withStore(file, (store) => {
        const run = findRun(store, target);
        const predictions = store.predictions(run.id, { sample });
        writePredictionFile(path.join(out, 'pred.sql'), predictions.map((p) => p.sql));
        const summary = store.listRuns({ experiment: run.experiment }).find((r) => r.id === run.id);
        fs.writeFileSync(path.join(out, 'run.json'), JSON.stringify({ store: file, sample, ...summary }, null, 2) + '\n');
        ctx.stdout.write(`wrote ${path.join(values.out!, 'pred.sql')} (${predictions.length} predictions${run.finishedAt ? '' : ', run unfinished'}) and run.json\n`);
        return 0;
      });
    }
    if (action === 'import') {
      if (!target) throw new InputError('runs import needs a prediction FILE');
      if (!values.experiment || !values.name) throw new InputError('runs import needs --experiment NAME and --name RUN');
      const source = path.resolve(ctx.cwd, target);
      const limit = parsePositiveInt(values.limit, '--limit');
      const predictions = readPredictionFile(source, limit ? { limit } : {});
      return withStore(file, (store) => {
        let run: RunRecord;
        try {
          run = store.importPredictions({ experiment: values.experiment!, name: values.name!, predictions, source: { file: source, ...sourceJson(source) }, codeVersion: t2sqlVersion() });
        } catch (err) {
          if (err instanceof RunConflictError) throw new InputError(err.message, { file: source });
          throw err;
        }
        ctx.stdout.write(`${run.experiment}/${run.name}: ${run.n} predictions imported\n`);
        return 0;
      });
    }
    if (action === 'delete') {
      return withStore(file, (store) => {
        const run = findRun(store, target);
        store.deleteRun(run.id);
        ctx.stdout.write(`deleted ${run.experiment}/${run.name}\n`);
        return 0;
      });
    }
    throw new InputError(`unknown action '${action}' (list, export, import, delete)`);
  },
};

function withStore(file: string, use: (store: RunStore) => number): number {
  const store = openRunStore(file);
  try {
    return use(store);
  } finally {
    store.close();
  }
}

function findRun(store: RunStore, ref: string | undefined): RunRecord {
  const m = ref === undefined ? null : /^([^/]+)\/(.+)$/.exec(ref);
  if (!m) throw new InputError('name the run as EXPERIMENT/RUN (see t2sql runs)');
  const run = store.findRun(m[1]!, m[2]!);
  if (!run) throw new InputError(`no run ${ref} in ${store.file} (see t2sql runs)`);
  return run;
}

/** The SOURCE.json next to a published prediction file (repository, commit, model…), if any. */
function sourceJson(file: string): Record<string, unknown> {
  const candidate = path.join(path.dirname(file), 'SOURCE.json');
  try {
    return { source: JSON.parse(fs.readFileSync(candidate, 'utf8')) as unknown };
  } catch {
    return {};
  }
}

function list(ctx: CliContext, store: RunStore, experiment: string | undefined, json: boolean): number {
  const all = store.listRuns(experiment ? { experiment } : {});
  if (json) {
    ctx.stdout.write(JSON.stringify(all, null, 2) + '\n');
    return 0;
  }
  if (all.length === 0) {
    ctx.stdout.write(`no runs${experiment ? ` in experiment '${experiment}'` : ''} in ${store.file}\n`);
    return 0;
  }
  const rows = all.map(describe);
  const header = ['experiment', 'run', 'model', 'schema', 'shots', 'status', 'done/n', 'failed', 'cached', 'latency', 'started'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  ctx.stdout.write([line(header), ...rows.map(line)].join('\n') + '\n');
  return 0;
}

function describe(r: RunSummary): string[] {
  const origin = r.origin;
  const model = origin.kind === 'generated' ? `${origin.config.model}${origin.config.adapter ? `+${origin.config.adapter.name}` : ''}` : 'imported';
  const schema = origin.kind === 'generated' ? origin.config.prompt.schema : '-';
  const shots = origin.kind === 'generated' ? String(origin.config.prompt.shots) : '-';
  return [
    r.experiment,
    r.name,
    model,
    schema,
    shots,
    r.finishedAt ? 'finished' : 'partial',
    `${r.completed}/${r.n}`,
    String(r.failed),
    String(r.cached),
    r.meanLatencyMs === null ? '-' : `${Math.round(r.meanLatencyMs)} ms`,
    r.startedAt.slice(0, 16).replace('T', ' '),
  ];
}
