// Benchmark of the bootstraps in src/stats: 10,000 resamples of n = 1,034 (Spider dev size),
// single, paired and clustered, against a plain-JS-array implementation measured in the same
// run. Usage: npx tsx bench/stats.bench.ts   (target: < 50 ms each for ours)
import os from 'node:os';
import { bootstrapAccuracy, clusterBootstrapAccuracy, pairedComparison } from '../src/stats/index.ts';

const N = 1034;
const RESAMPLES = 10_000;
const RUNS = 7;

// The baseline uses mulberry32, the small seeded generator a hand-written version would typically use.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]!);
}

/** Baseline: resample into a new array, reduce for the mean, sort with a comparator. */
function naiveBootstrap(correct: number[], seed: number): [number, number] {
  const rand = mulberry32(seed);
  const stats: number[] = [];
  for (let r = 0; r < RESAMPLES; r++) {
    const sample: number[] = [];
    for (let i = 0; i < correct.length; i++) sample.push(correct[Math.floor(rand() * correct.length)]!);
    stats.push(sample.reduce((s, x) => s + x, 0) / sample.length);
  }
  stats.sort((x, y) => x - y);
  return [percentile(stats, 0.025), percentile(stats, 0.975)];
}

/** Baseline paired: resample pair objects, then both means and the difference. */
function naivePaired(a: number[], b: number[], seed: number): [number, number] {
  const rand = mulberry32(seed);
  const rows = a.map((x, i) => ({ a: x, b: b[i]! }));
  const diffs: number[] = [];
  const accA: number[] = [];
  const accB: number[] = [];
  for (let r = 0; r < RESAMPLES; r++) {
    const sample = rows.map(() => rows[Math.floor(rand() * rows.length)]!);
    const ma = sample.reduce((s, x) => s + x.a, 0) / sample.length;
    const mb = sample.reduce((s, x) => s + x.b, 0) / sample.length;
    accA.push(ma);
    accB.push(mb);
    diffs.push(ma - mb);
  }
  for (const xs of [accA, accB, diffs]) xs.sort((x, y) => x - y);
  return [percentile(diffs, 0.025), percentile(diffs, 0.975)];
}

/** Baseline cluster: group into a Map, concatenate the drawn clusters, take the mean. */
function naiveCluster(correct: number[], clusters: string[], seed: number): [number, number] {
  const rand = mulberry32(seed);
  const groups = new Map<string, number[]>();
  correct.forEach((x, i) => {
    const key = clusters[i]!;
    groups.set(key, [...(groups.get(key) ?? []), x]);
  });
  const list = [...groups.values()];
  const stats: number[] = [];
  for (let r = 0; r < RESAMPLES; r++) {
    const sample: number[] = [];
    for (let g = 0; g < list.length; g++) sample.push(...list[Math.floor(rand() * list.length)]!);
    stats.push(sample.reduce((s, x) => s + x, 0) / sample.length);
  }
  stats.sort((x, y) => x - y);
  return [percentile(stats, 0.025), percentile(stats, 0.975)];
}

/** Median and minimum wall time of `RUNS` calls after two warm-up calls. */
function time(fn: (seed: number) => unknown): { median: number; min: number } {
  fn(1);
  fn(2);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn(100 + i);
    ms.push(performance.now() - t);
  }
  ms.sort((x, y) => x - y);
  return { median: ms[Math.floor(RUNS / 2)]!, min: ms[0]! };
}

// Data: a 79%-accurate system and a 75% one that agree on most examples, on 20 databases of
// uneven size (as Spider dev's 20), all from a fixed seed.
const rand = mulberry32(2024);
const a: number[] = [];
const b: number[] = [];
for (let i = 0; i < N; i++) {
  const u = rand();
  a.push(u < 0.79 ? 1 : 0);
  b.push(u < 0.75 || (u > 0.79 && u < 0.81) ? 1 : 0);
}
const clusters = Array.from({ length: N }, (_, i) => `db${Math.floor(20 * Math.sqrt(i / N))}`);
const bitsA = Uint8Array.from(a);
const bitsB = Uint8Array.from(b);

const rows: [string, { median: number; min: number }, { median: number; min: number }][] = [
  ['single  (bootstrapAccuracy)', time((seed) => bootstrapAccuracy(bitsA, { seed })), time((seed) => naiveBootstrap(a, seed))],
  ['paired  (pairedComparison)', time((seed) => pairedComparison(bitsA, bitsB, { seed })), time((seed) => naivePaired(a, b, seed))],
  [
    'cluster (clusterBootstrapAccuracy)',
    time((seed) => clusterBootstrapAccuracy(bitsA, clusters, { seed })),
    time((seed) => naiveCluster(a, clusters, seed)),
  ],
];

console.log(`stats bootstrap benchmark: ${RESAMPLES.toLocaleString('en')} resamples, n = ${N}, ${RUNS} timed runs each (median, min)`);
const [load1] = os.loadavg();
console.log(
  `node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} cores, load average ${load1!.toFixed(1)}` +
    ' (on a busy machine the median is inflated; the minimum estimates the uncontended time)',
);
for (const [name, ours, naive] of rows) {
  const verdict = ours.median < 50 ? 'under 50 ms' : ours.min < 50 ? 'under 50 ms at best (busy machine)' : 'OVER 50 ms';
  console.log(
    `${name.padEnd(36)} ours ${ours.median.toFixed(1).padStart(6)} ms (min ${ours.min.toFixed(1)})` +
      `   plain-JS ${naive.median.toFixed(1).padStart(7)} ms (min ${naive.min.toFixed(1)})` +
      `   ${(naive.median / ours.median).toFixed(1)}× faster   ${verdict}`,
  );
}
