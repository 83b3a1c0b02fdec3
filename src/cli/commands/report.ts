import fs from 'node:fs';
import path from 'node:path';
import { experimentFile } from '../../generate/parseExperiment.ts';
import { buildReport } from '../../report/buildReport.ts';
import { reportLayout, writeReport } from '../../report/writeReport.ts';
import { dataRootFor, t2sqlHome } from '../_internals/common.ts';
import { defineCommand } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';

const help = `t2sql report — regenerate REPORT.md, its figures and the example browser.

Usage:
  t2sql report [--out DIR] [--claims FILE] [--experiment NAME] [--data DIR]
               [--suite generated|none] [--suite-seed S]

Reads the verdicts of every published set the claims use (scored once, then cached under
$T2SQL_HOME), the claims' results (--claims, default reports/ladder-results.json, written by
\`npx vitest run specs/ladder\`: run that first; a file with a failed claim, or one that leaves out
some of the ladder's sets, is refused) and the study's cells from the run store
(--experiment, default qwen-study: experiments/NAME.json; cells the store lacks are marked with
the command that fills them; a cell on a seeded slice is scored on its questions and set beside
its full-dev twin). --suite generated (default) adds test-suite EX beside
single-database EX: every system scored again on the suites generated for each gold query (the
path of t2sql eval --suite generated; built once, cached under $T2SQL_HOME; --suite-seed S,
default 0); --suite none leaves it out. Writes, under --out (default: the current folder):
  REPORT.md                 the write-up: accuracies with 95% CIs, paired comparisons with Holm
                            p-values, hardness, databases, schema ablation (slice vs full dev),
                            t2sql's reply extraction vs the authors' for the published Qwen
                            runs, error categories, limitations, versions and data hashes
  docs/figures/*.svg        the figures (Vega-Lite, rendered headless)
  reports/examples.html     every example of every system, filterable (one file, no server)
  reports/report.json       the numbers behind all of it
The same inputs give byte-identical files.
`;

export const command = defineCommand({
  name: 'report',
  summary: 'regenerate REPORT.md, its figures and the example browser',
  help,
  flags: {
    out: flag.string(),
    claims: flag.string(),
    experiment: flag.stringOr('qwen-study'),
    data: flag.string(),
    suite: flag.choice(['generated', 'none'] as const, 'generated'),
    'suite-seed': flag.seed(0),
  },
  async run(ctx, v) {
    const outDir = path.resolve(ctx.cwd, v.out ?? '.');
    const claimsFile = path.resolve(ctx.cwd, v.claims ?? path.join('reports', 'ladder-results.json'));
    const study = experimentFile(v.experiment, ctx.cwd);
    const built = await buildReport({
      dataRoot: dataRootFor(ctx, v.data).dir,
      home: t2sqlHome(ctx),
      claimsFile,
      ...(fs.existsSync(study) ? { experimentFile: study } : {}),
      ...(v.suite === 'generated' ? { generatedSuites: { seed: v['suite-seed'] } } : {}),
      onProgress: (m) => {
        if (ctx.stderr.isTTY) ctx.stderr.write(`${m}\n`);
      },
    });
    const written = await writeReport(built, outDir);
    const layout = reportLayout(outDir);
    const rel = (f: string) => path.relative(ctx.cwd, f) || '.';
    ctx.stdout.write(`${rel(layout.report)}: ${written.systems} systems, ${written.figures} figures in ${rel(layout.figuresDir)}, examples in ${rel(layout.examples)}\n`);
    return 0;
  },
});
