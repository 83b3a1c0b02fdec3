import { describe, expect, it } from 'vitest';
import { binomialTail, clusteredMcnemar, mcnemarExact, signFlipTest } from '../../src/stats/index.ts';
import { pairs } from './support/data.ts';

/** The test by brute force: every one of the 2^G sign vectors, counted. */
function bruteForce(d: number[]): { two: number; up: number; down: number } {
  const obs = d.reduce((s, x) => s + x, 0);
  let two = 0;
  let up = 0;
  let down = 0;
  const total = 2 ** d.length;
  for (let mask = 0; mask < total; mask++) {
    let s = 0;
    for (let k = 0; k < d.length; k++) s += mask & (1 << k) ? -d[k]! : d[k]!;
    if (Math.abs(s) >= Math.abs(obs)) two++;
    if (s >= obs) up++;
    if (s <= obs) down++;
  }
  return { two: two / total, up: up / total, down: down / total };
}

/** Verdicts whose per-cluster differences are exactly `d` (cluster k has |d_k| discordant pairs). */
function withDifferences(d: number[]): { a: (0 | 1)[]; b: (0 | 1)[]; labels: string[] } {
  const a: (0 | 1)[] = [];
  const b: (0 | 1)[] = [];
  const labels: string[] = [];
  d.forEach((x, k) => {
    for (let i = 0; i < Math.abs(x); i++) (a.push(x > 0 ? 1 : 0), b.push(x > 0 ? 0 : 1), labels.push(`db${k}`));
    // concordant pairs in every cluster carry no information
    for (let i = 0; i < 3; i++) (a.push(i % 2 === 0 ? 0 : 1), b.push(i % 2 === 0 ? 0 : 1), labels.push(`db${k}`));
  });
  return { a, b, labels };
}

describe('signFlipTest (exact permutation test over clusters)', () => {
  it('equals the brute-force enumeration of all 2^G sign vectors', () => {
    for (const d of [[5, 3, -1, 4, 0, 2, -2, 7, 1, 1, 3, -4], [1, 1, 1], [-3, 2, 2, -1, 6, 0, 0, 1, 5, -2, 3, 9, 4, 1]]) {
      const { a, b, labels } = withDifferences(d);
      const r = signFlipTest(a, b, labels);
      const bf = bruteForce(d);
      expect(r.pValue).toBeCloseTo(bf.two, 14);
      expect(r.pOneSided.aBetter).toBeCloseTo(bf.up, 14);
      expect(r.pOneSided.bBetter).toBeCloseTo(bf.down, 14);
      expect(r.statistic).toBe(d.reduce((s, x) => s + x, 0));
      expect(r.informative).toBe(d.filter((x) => x !== 0).length);
    }
  });

  it('with one pair per cluster is the exact sign test, i.e. exact McNemar', () => {
    const { a, b } = pairs(300, 0.1, 0.05, 3);
    const labels = Array.from({ length: 300 }, (_, i) => `q${i}`);
    const r = signFlipTest(a, b, labels);
    const m = mcnemarExact(r.informative - (r.informative - r.statistic) / 2, (r.informative - r.statistic) / 2);
    expect(r.pOneSided.aBetter).toBeCloseTo(m.pOneSided.aBetter, 12);
    expect(r.pValue).toBeCloseTo(m.pValue, 12);
    expect(r.pOneSided.aBetter).toBeCloseTo(binomialTail(m.b10, m.discordant, 'upper'), 12);
  });

  it('is the exact version of the clustered McNemar test: close to it with many clusters', () => {
    const { a, b } = pairs(2000, 0.1, 0.08, 4);
    const labels = Array.from({ length: 2000 }, (_, i) => `db${i % 200}`);
    const exact = signFlipTest(a, b, labels);
    const asymptotic = clusteredMcnemar(a, b, labels);
    expect(Math.abs(exact.pValue - asymptotic.pValue)).toBeLessThan(0.02);
  });

  it('cannot go below 2^−G with G informative clusters, however many questions they hold', () => {
    const { a, b, labels } = withDifferences([40, 40, 40, 40, 40]);
    const r = signFlipTest(a, b, labels);
    expect(r.pOneSided.aBetter).toBe(1 / 32);
    expect(r.smallestPossible).toBe(1 / 32);
    expect(r.pValue).toBe(2 / 32);
    expect(mcnemarExact(200, 0).pValue).toBeLessThan(1e-50); // what treating them as independent says
  });

  it('gives p = 1 with no discordant pair, and refuses unpaired input', () => {
    const r = signFlipTest([1, 0, 1], [1, 0, 1], ['x', 'y', 'x']);
    expect(r).toMatchObject({ pValue: 1, pOneSided: { aBetter: 1, bBetter: 1 }, informative: 0 });
    expect(() => signFlipTest([1, 0], [1], ['x', 'y'])).toThrow(/not paired/);
    expect(() => signFlipTest([1, 0], [1, 0], ['x'])).toThrow(RangeError);
  });
});

describe('clustered design effect', () => {
  it('is 1 with one pair per cluster, and divides n in power and detectable effect', async () => {
    const { mcnemarMde, mcnemarPower, mcnemarSampleSize } = await import('../../src/stats/index.ts');
    const { a, b } = pairs(500, 0.1, 0.05, 5);
    expect(clusteredMcnemar(a, b, Array.from({ length: 500 }, (_, i) => `q${i}`)).designEffect).toBeCloseTo(1, 12);
    const design = { discordance: 0.15, effect: 0.05 };
    expect(mcnemarPower({ n: 1000, ...design, designEffect: 2 }).power).toBeCloseTo(mcnemarPower({ n: 500, ...design }).power, 12);
    expect(mcnemarMde({ n: 1000, discordance: 0.15, designEffect: 4 }).mde).toBeCloseTo(mcnemarMde({ n: 250, discordance: 0.15 }).mde!, 12);
    const one = mcnemarSampleSize(design).n!;
    expect(mcnemarSampleSize({ ...design, designEffect: 3 }).n).toBe(3 * one);
  });
});
