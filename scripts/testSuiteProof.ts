// Writes docs/test-suites.md: for every published prediction set (predictions/MANIFEST.tsv),
// EX on the original Spider dev database beside test-suite EX with generated suites (t2sql's
// own evaluateRun with suite 'generated', the path `t2sql eval --suite generated` takes), the
// accepted predictions each system loses, and a few minimal counterexamples.
//
//   npx tsx scripts/testSuiteProof.ts                      # all 134 sets, seed 0
//   npx tsx scripts/testSuiteProof.ts --sets a,b --seed 1 --out /tmp/x.md
//
// Suites are built once (or read) under $T2SQL_HOME/cache/suites (default ./.t2sql).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveDataRoot } from '../src/data/dataRoot.ts';
import { homeLayout } from '../src/data/homeLayout.ts';
import { publishedSetPaths, spiderPaths } from '../src/data/spiderPaths.ts';
import { scoreSetWithSuite } from './scoreSetWithSuite.ts';
import { FileGoldCache } from '../src/sql/FileGoldCache.ts';
import type { PairOutcome } from '../src/sql/ExecOutcome.ts';
import { ResultMemo } from '../src/sql/ResultMemo.ts';
import { SqlitePool } from '../src/sql/SqlitePool.ts';
import { counterexampleForPrediction } from '../src/suites/counterexampleForPrediction.ts';
import { formatCounterexample } from '../src/suites/formatCounterexample.ts';
import { SUITE_GENERATOR_VERSION } from '../src/suites/SuiteManifest.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const root = resolveDataRoot({ env: process.env.T2SQL_DATA }).dir;
const home = path.resolve(process.env.T2SQL_HOME ?? '.t2sql');
const seed = Number(arg('seed') ?? 0);
const out = path.resolve(arg('out') ?? 'docs/test-suites.md');
const manifest = fs.readFileSync(path.join(root, 'predictions', 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const described = new Map(manifest.map((c) => [c[0]!, { model: c[2] ?? '', group: c[5] ?? '' }]));
const sets = arg('sets')?.split(',') ?? manifest.map((c) => c[0]!);
const paths = spiderPaths(root);
const layout = homeLayout(home);
const pool = new SqlitePool({ size: Number(arg('jobs') ?? Math.max(1, os.availableParallelism())) });
const goldCache = new FileGoldCache(layout.goldCache);
const resultMemo = new ResultMemo<PairOutcome>();
pool.warmUp();

interface Row {
  set: string;
  n: number;
  original: number;
  suite: number;
  lost: number[];
  ties: number;
  ms: number;
}
const rows: Row[] = [];
const load0 = os.loadavg();
const t0 = performance.now();
let firstMs = 0;
try {
  for (const set of sets) {
    const t = performance.now();
    const r = await scoreSetWithSuite(set, { root, pool, goldCache, resultMemo, suitesDir: layout.suites, seed });
    const s = r.suite;
    rows.push({ set, n: r.summary.n, original: s.correctOriginal, suite: s.correctSuite, lost: [...s.changed], ties: r.tieDependent.length, ms: performance.now() - t });
    if (rows.length === 1) firstMs = performance.now() - t;
    process.stderr.write(`${rows.length}/${sets.length} ${set}: ${s.correctOriginal} -> ${s.correctSuite}\n`);
  }
  const totalMs = performance.now() - t0;
  goldCache.flush();

  // A few minimal counterexamples: the first lost prediction of the sets that lose the most,
  // one per group of systems and per database, shrunk from the generated database its verdict names.
  const shown: string[] = [];
  const seenDb = new Set<string>();
  const seenGroup = new Set<string>();
  const goldDb = fs.readFileSync(paths.devGold, 'utf8').split('\n').map((l) => l.split('\t')[1]!);
  for (const row of [...rows].sort((a, b) => b.lost.length - a.lost.length)) {
    if (shown.length >= 4) break;
    const group = (described.get(row.set)?.group ?? row.set).split(/[ +]/)[0]!;
    if (seenGroup.has(group)) continue;
    for (const index of row.lost) {
      const db = goldDb[index]!;
      if (seenDb.has(db)) continue;
      seenGroup.add(group);
      const a = await counterexampleForPrediction({ dataRoot: root, predictionFile: publishedSetPaths(root, row.set).pred, index, suitesDir: layout.suites, executor: pool, suite: { seed } });
      if (a.kind !== 'found') continue;
      seenDb.add(db);
      shown.push(`### ${row.set}, example ${index} (${a.dbId}): ${a.rows} row(s), shrunk from ${a.rowsBefore}\n\n\`\`\`sql\n${formatCounterexample(a.report).trimEnd()}\n\`\`\`\n`);
      break;
    }
  }

  const pct = (k: number, n: number) => ((100 * k) / n).toFixed(1);
  const sum = (f: (r: Row) => number) => rows.reduce((acc, r) => acc + f(r), 0);
  const table = [...rows]
    .sort((a, b) => b.suite - a.suite || a.set.localeCompare(b.set))
    .map((r) => `| ${r.set} | ${described.get(r.set)?.group ?? ''} | ${pct(r.original, r.n)} | ${pct(r.suite, r.n)} | ${r.lost.length} | ${r.lost.slice(0, 5).join(', ')}${r.lost.length > 5 ? ', …' : ''} | ${r.ties} |`);
  const md = [
    '# Test-suite EX with generated suites: the published Spider dev prediction sets',
    '',
    `Generated by \`npx tsx scripts/testSuiteProof.ts\` (t2sql's \`evaluateRun\` with \`suite: generated\`, the path of \`t2sql eval --suite generated\`): generator ${SUITE_GENERATOR_VERSION}, seed ${seed}, compat official, ${rows.length} sets of ${manifest.length} in predictions/MANIFEST.tsv, 1034 dev examples each.`,
    `Machine: ${os.availableParallelism()} cores shared with other work (load average ${load0.map((x) => x.toFixed(2)).join(' / ')} at the start), ${pool.size} query processes. Time: ${(totalMs / 1000).toFixed(0)} s in all, the first set ${(firstMs / 1000).toFixed(1)} s (it builds the 1034 suites, or reads them from \`$T2SQL_HOME\`), ${((sum((r) => r.ms) - firstMs) / Math.max(1, rows.length - 1) / 1000).toFixed(2)} s a set after it; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')} at the end.`,
    '',
    '**EX original** is execution accuracy on each example\'s Spider database alone (`--suite none`, the number the literature reports);',
    '**EX suite** requires the gold\'s result on that database *and* on every database of the gold\'s generated suite;',
    '**lost** counts predictions accepted on the original database and rejected by a generated one (the first few indices shown);',
    '**tie-dep.** counts verdicts that may rest on how ORDER BY ties are broken (`tie_dependent` in verdicts.jsonl): the gold\'s ordered result, or the prediction\'s ordered or LIMITed one, has rows that tie on their ORDER BY keys on the original database.',
    `Test-suite EX is never above EX on the original database (checked for every set). In all, ${sum((r) => r.lost.length)} accepted predictions are lost over ${rows.length} sets (${(sum((r) => r.lost.length) / Math.max(1, rows.length)).toFixed(1)} a set, ${pct(sum((r) => r.lost.length), sum((r) => r.original))}% of the accepted ones).`,
    '',
    '| set | group | EX original % | EX suite % | lost | e.g. | tie-dep. |',
    '|---|---|---:|---:|---:|---|---:|',
    ...table,
    '',
    '## Minimal counterexamples',
    '',
    'Each: the smallest database (shrunk by fast-check) on which the prediction and the gold disagree, from the generated database its verdict names (`t2sql counterexample --pred FILE --index N --database ID` prints the same).',
    '',
    ...shown,
  ];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, md.join('\n'));
  console.log(`wrote ${out}: ${rows.length} sets in ${(totalMs / 1000).toFixed(0)} s`);
} finally {
  await pool.close();
}
