import { DEFAULTS, pairedComparison } from '../../stats/index.ts';
import { evaluateRunsCached } from '../../evaluate/evaluateRunsCached.ts';
import { dataRootFor, t2sqlHome } from '../_internals/common.ts';
import { defineCommand } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';
import { resolveRunSource } from '../_internals/resolveRunSource.ts';

const help = `t2sql compare — paired comparison of two systems on the same Spider dev examples.

Usage:
  t2sql compare A B [--alpha 0.05] [--resamples 10000] [--seed 42] [--clusters] [--compat official|strict] [--json]

A and B are prediction files (one SQL per line in dev order, or JSONL), folders holding a
pred.sql, or names of published sets under <data>/predictions/ (e.g. resdsql-3b). Each side is
named by its set or folder name (by its file name when that is not pred.*). Both are scored with execution accuracy
(verdicts cached in $T2SQL_HOME/cache), then compared example by example:
  - each accuracy with its percentile bootstrap 95% CI;
  - the difference A − B with its paired bootstrap CI (both scored on the same resamples);
  - the discordant pairs and the exact McNemar test on them — the test that decides;
  - the naive "do the two CIs overlap?" rule, reported but never deciding (it ignores pairing);
  - the smallest difference this n could detect with 80% power.
--clusters resamples whole databases and decides across databases: the exact sign-flip test over
databases when they are few (Spider dev's 20), the clustered McNemar test otherwise.
`;

export const command = defineCommand({
  name: 'compare',
  summary: 'paired comparison of two prediction sets (bootstrap CI, exact McNemar)',
  help,
  flags: {
    alpha: flag.openUnit(DEFAULTS.alpha),
    resamples: flag.int({ min: 100, max: 1_000_000, default: DEFAULTS.resamples }),
    seed: flag.seed(DEFAULTS.seed),
    clusters: flag.boolean(),
    compat: flag.choice(['official', 'strict'], 'official'),
    json: flag.boolean(),
    data: flag.string(),
  },
  positionals: { count: 2, usage: 'two systems: t2sql compare A B' },
  async run(ctx, v, positionals) {
    const { alpha, compat } = v;
    const root = dataRootFor(ctx, v.data).dir;
    const sources = positionals.map((p, i) => resolveRunSource(p, root, ctx.cwd, i === 0 ? 'A' : 'B'));
    if (sources[0]!.name === sources[1]!.name) sources[1] = { ...sources[1]!, name: `${sources[1]!.name} (B)` };
    const runs = await evaluateRunsCached(sources, {
      dataRoot: root,
      home: t2sqlHome(ctx),
      compat,
      onProgress: (e) => {
        if (!e.cached && ctx.stderr.isTTY) ctx.stderr.write(`scored ${e.name}\n`);
      },
    });
    const a = runs.get(sources[0]!.name)!;
    const b = runs.get(sources[1]!.name)!;
    const cmp = pairedComparison(a.correct, b.correct, { alpha, resamples: v.resamples, seed: v.seed, ...(v.clusters ? { clusters: a.dbIds } : {}) });
    if (v.json) {
      ctx.stdout.write(JSON.stringify({ ...cmp, systems: { a: a.name, b: b.name }, compat }, null, 2) + '\n');
      return 0;
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const pts = (x: number) => `${x > 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
    const ci = (c: readonly [number, number], f: (x: number) => string) => `[${f(c[0])}, ${f(c[1])}]`;
    const p = (x: number) => (x < 1e-4 ? x.toExponential(1) : x.toFixed(4));
    const w = Math.max(a.name.length, b.name.length, 14);
    const d = cmp.decision;
    const verdict = d.significant
      ? `${d.winner === 'a' ? a.name : b.name} is significantly more accurate (alpha = ${alpha})`
      : `no significant difference at alpha = ${alpha}`;
    const lines = [
      `t2sql compare  (dev, n = ${cmp.n}, compat = ${compat}, ${cmp.resamples} resamples, seed ${cmp.seed})`,
      '',
      `  ${'system'.padEnd(w)}  accuracy   95% CI`,
      `  ${a.name.padEnd(w)}  ${pct(cmp.a.accuracy).padStart(7)}    ${ci(cmp.a.ci, pct)}`,
      `  ${b.name.padEnd(w)}  ${pct(cmp.b.accuracy).padStart(7)}    ${ci(cmp.b.ci, pct)}`,
      `  ${'A − B'.padEnd(w)}  ${pts(cmp.difference.estimate).padStart(7)}    ${ci(cmp.difference.ci, pts)} pts  (paired bootstrap${cmp.design === 'clustered' ? ` over ${cmp.clusters} databases` : ''})`,
      '',
      `  discordant pairs   only A right: ${cmp.counts.b10}   only B right: ${cmp.counts.b01}   (agree on ${cmp.counts.both + cmp.counts.neither})`,
      `  ${d.by.padEnd(17)}  p = ${p(d.pValue)} two-sided; one-sided p(A > B) = ${p(d.pOneSided.aBetter)}   ← decides`,
      `  naive CI overlap   ${cmp.naive.overlap ? 'the CIs overlap' : 'the CIs do not overlap'} (${cmp.naive.agreesWithDecision ? 'agrees with' : 'DISAGREES with'} the paired test; never deciding)`,
      `  detectable gap     ${cmp.detectable.mde === null ? 'n/a' : `${(100 * cmp.detectable.mde).toFixed(1)} pts`} at 80% power with n = ${cmp.n}`,
      '',
      `  verdict: ${verdict}`,
    ];
    ctx.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
});
