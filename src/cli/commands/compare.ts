import fs from 'node:fs';
import path from 'node:path';
import { publishedRunSources } from '../../claims/publishedRunSources.ts';
import { InputError } from '../../data/InputError.ts';
import { evaluateRunsCached, type RunSource } from '../../evaluate/evaluateRunsCached.ts';
import { pairedComparison } from '../../stats/index.ts';
import type { Command } from '../Command.ts';
import { dataRootFor, oneOf, parseFlags, parsePositiveInt, parsePositiveNumber, t2sqlHome } from '../_internals/common.ts';

const help = `t2sql compare — paired comparison of two systems on the same Spider dev examples.

Usage:
  t2sql compare A B [--alpha 0.05] [--resamples 10000] [--seed 42] [--clusters] [--compat official|strict] [--json]

A and B are prediction files (one SQL per line in dev order, or JSONL) or names of published
sets under <data>/predictions/ (e.g. resdsql-3b). Both are scored with execution accuracy
(verdicts cached in $T2SQL_HOME/cache), then compared example by example:
  - each accuracy with its percentile bootstrap 95% CI;
  - the difference A − B with its paired bootstrap CI (both scored on the same resamples);
  - the discordant pairs and the exact McNemar test on them — the test that decides;
  - the naive "do the two CIs overlap?" rule, reported but never deciding (it ignores pairing);
  - the smallest difference this n could detect with 80% power.
--clusters resamples whole databases and decides with the clustered McNemar test instead.
`;

export const command: Command = {
  name: 'compare',
  summary: 'paired comparison of two prediction sets (bootstrap CI, exact McNemar)',
  help,
  async run(ctx) {
    const { values, positionals } = parseFlags(
      ctx.argv,
      {
        alpha: { type: 'string' },
        resamples: { type: 'string' },
        seed: { type: 'string' },
        clusters: { type: 'boolean' },
        compat: { type: 'string' },
        json: { type: 'boolean' },
        data: { type: 'string' },
      },
      true,
    );
    if (positionals.length !== 2) throw new InputError('expected two systems: t2sql compare A B (see --help)');
    const alpha = parsePositiveNumber(values.alpha, '--alpha') ?? 0.05;
    if (alpha >= 1) throw new InputError(`--alpha must be below 1, got ${alpha}`);
    const resamples = parsePositiveInt(values.resamples, '--resamples') ?? 10_000;
    const seed = values.seed === undefined ? 42 : Number(values.seed);
    if (!Number.isSafeInteger(seed)) throw new InputError(`--seed expects an integer, got '${values.seed}'`);
    const compat = oneOf(values.compat, ['official', 'strict'] as const, '--compat') ?? 'official';
    const root = dataRootFor(ctx, values.data).dir;
    const sources = positionals.map((p, i) => resolveSource(p, root, ctx.cwd, i === 0 ? 'A' : 'B'));
    if (sources[0]!.name === sources[1]!.name) sources[1] = { ...sources[1]!, name: `${sources[1]!.name} (B)` };
    const runs = await evaluateRunsCached(sources, {
      dataRoot: root,
      cacheDir: path.join(t2sqlHome(ctx), 'cache'),
      compat,
      onProgress: (e) => {
        if (!e.cached && ctx.stderr.isTTY) ctx.stderr.write(`scored ${e.name}\n`);
      },
    });
    const a = runs.get(sources[0]!.name)!;
    const b = runs.get(sources[1]!.name)!;
    const cmp = pairedComparison(a.correct, b.correct, { alpha, resamples, seed, ...(values.clusters ? { clusters: a.dbIds } : {}) });
    if (values.json) {
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
};

function resolveSource(arg: string, dataRoot: string, cwd: string, which: string): RunSource {
  const file = path.resolve(cwd, arg);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) return { kind: 'file', name: path.basename(arg), label: arg, file };
  try {
    const { present, missing } = publishedRunSources(dataRoot, [arg]);
    if (present[0]) return present[0];
    throw new InputError(`published set '${missing[0]}' is not under ${dataRoot}/predictions (run: t2sql data predictions --only ${arg})`);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${which}: '${arg}' is neither a prediction file nor a published set name`);
  }
}
