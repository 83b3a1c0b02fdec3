import { describe, expect, it } from 'vitest';
import { bootstrapAccuracy, clusterBootstrapAccuracy, DEFAULTS, mcnemarMde, pairedBootstrap, pairedComparison, type PairedComparison } from '../../src/stats/index.ts';
import { pairs } from './support/data.ts';
import { exactMcnemarP } from './support/exact.ts';

/** n = 1034 verdicts where a and b agree except on `b10` (a right) and `b01` (b right) examples. */
function highAgreement(b10: number, b01: number, n = 1034, bothRight = 780): { a: Uint8Array; b: Uint8Array } {
  const a = new Uint8Array(n);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (i < bothRight) a[i] = b[i] = 1;
    else if (i < bothRight + b10) a[i] = 1;
    else if (i < bothRight + b10 + b01) b[i] = 1;
  }
  return { a, b };
}

describe('pairedComparison', () => {
  it('finds what the naive overlap rule misses: a 2.4-point gain with 30 vs 5 discordant pairs', () => {
    // The separate 95% intervals (±2.5 points each) overlap, yet the systems disagree on only
    // 35 examples and a wins 30 of them: exact McNemar p = 2·P(X ≤ 5 | 35, ½) ≈ 4e-5.
    const { a, b } = highAgreement(30, 5);
    const r = pairedComparison(a, b);
    expect(r.counts).toEqual({ both: 780, b10: 30, b01: 5, neither: 219 });
    expect(r.difference.estimate).toBeCloseTo(25 / 1034, 15);
    expect(r.naive.overlap).toBe(true);
    expect(r.naive.significant).toBe(false);
    expect(r.mcnemar.pValue / exactMcnemarP(30, 5)).toBeCloseTo(1, 11);
    expect(r.decision).toMatchObject({ by: 'mcnemar-exact', significant: true, winner: 'a', alpha: 0.05 });
    expect(r.decision.pValue).toBe(r.mcnemar.pValue);
    expect(r.naive.agreesWithDecision).toBe(false);
    expect(r.difference.ci[0]).toBeGreaterThan(0);
    expect(r.design).toBe('independent');
  });

  it('calls identical systems the same: zero difference, p = 1, every check agreeing', () => {
    const { a } = pairs(500, 0.1, 0.1, 1);
    const r = pairedComparison(a, a);
    expect(r.difference).toEqual({ estimate: 0, ci: [0, 0], se: 0 });
    expect(r.counts.b10 + r.counts.b01).toBe(0);
    expect(r.discordance).toBe(0);
    expect(r.decision).toMatchObject({ significant: false, winner: null, pValue: 1 });
    expect(r.naive).toMatchObject({ overlap: true, agreesWithDecision: true });
    expect(r.detectable.mde).toBeNull(); // no discordant pairs: nothing this design could detect
  });

  it('is a mirror image when a and b swap', () => {
    const { a, b } = pairs(800, 0.12, 0.06, 2);
    const ab = pairedComparison(a, b, { seed: 4 });
    const ba = pairedComparison(b, a, { seed: 4 });
    expect(ba.difference.estimate).toBeCloseTo(-ab.difference.estimate, 15);
    expect(ba.difference.ci[0]).toBeCloseTo(-ab.difference.ci[1], 12);
    expect(ba.decision.pValue).toBeCloseTo(ab.decision.pValue, 14);
    expect(ba.decision.pOneSided.aBetter).toBeCloseTo(ab.decision.pOneSided.bBetter, 14);
    expect(ba.decision.winner).toBe(ab.decision.winner === 'a' ? 'b' : ab.decision.winner === 'b' ? 'a' : null);
  });

  it('has the ideal paired-bootstrap spread: SE of a − b = √((ψ − δ²)/n)', () => {
    // Resampling pairs makes (b10*, b01*) multinomial, so Var(δ*) = (ψ − δ²)/n exactly.
    const { a, b } = pairs(1034, 0.1, 0.07, 3);
    const r = pairedComparison(a, b, { seed: 1 });
    const psi = r.discordance;
    const delta = r.difference.estimate;
    expect(Math.abs(r.difference.se / Math.sqrt((psi - delta * delta) / 1034) - 1)).toBeLessThan(0.03);
  });

  it('gives each system the interval its own bootstrap would, within Monte Carlo error', () => {
    const { a, b } = pairs(1034, 0.1, 0.07, 5);
    const r = pairedComparison(a, b, { seed: 2 });
    const alone = bootstrapAccuracy(a, { seed: 99 });
    expect(r.a.accuracy).toBe(alone.accuracy);
    expect(Math.abs(r.a.ci[0] - alone.ci[0])).toBeLessThanOrEqual(3 / 1034);
    expect(Math.abs(r.a.ci[1] - alone.ci[1])).toBeLessThanOrEqual(3 / 1034);
  });

  it('is deterministic under a seed and records it', () => {
    const { a, b } = pairs(300, 0.1, 0.05, 6);
    const r = pairedComparison(a, b, { seed: 17, resamples: 2000, confidence: 0.9 });
    expect(r).toEqual(pairedComparison(a, b, { seed: 17, resamples: 2000, confidence: 0.9 }));
    expect(r).toMatchObject({ seed: 17, resamples: 2000, confidence: 0.9, n: 300 });
    expect(pairedBootstrap(a, b, { seed: 17, resamples: 2000, confidence: 0.9 }).difference).toEqual(r.difference);
  });

  it('with few clusters (20 databases), resamples whole databases and lets the exact sign-flip test decide', () => {
    const { a, b } = pairs(1000, 0.1, 0.05, 7);
    const labels = Array.from({ length: 1000 }, (_, i) => `db${i % 20}`);
    const r: PairedComparison = pairedComparison(a, b, { clusters: labels });
    expect(r.design).toBe('clustered');
    if (r.design !== 'clustered') return;
    expect(r.bootstrap).toBe('cluster-paired-percentile');
    expect(r.clusters).toBe(20);
    expect(r.decision.by).toBe('sign-flip-exact');
    expect(r.decision.pValue).toBe(r.signFlip.pValue);
    expect(r.clusteredMcnemar.b10).toBe(r.counts.b10); // still reported
    expect(r.mcnemar.test).toBe('mcnemar-exact'); // still reported
  });

  it('with many clusters, lets the clustered McNemar test decide (the threshold is DEFAULTS.fewClusters)', () => {
    const { a, b } = pairs(1000, 0.1, 0.05, 7);
    const labels = Array.from({ length: 1000 }, (_, i) => `db${i % 100}`);
    const r = pairedComparison(a, b, { clusters: labels });
    expect(r.decision.by).toBe('mcnemar-clustered');
    expect(pairedComparison(a, b, { clusters: labels, fewClusters: 100 }).decision.by).toBe('sign-flip-exact');
    expect(DEFAULTS.fewClusters).toBeLessThan(100);
  });

  it('computes the detectable gap for the clustered test when clustered (n divided by the design effect)', () => {
    const { a, b } = pairs(1000, 0.1, 0.05, 8);
    const labels = Array.from({ length: 1000 }, (_, i) => `db${Math.floor(i / 50)}`);
    const plain = pairedComparison(a, b);
    const clustered = pairedComparison(a, b, { clusters: labels });
    if (clustered.design !== 'clustered') throw new Error('expected a clustered design');
    const deff = clustered.clusteredMcnemar.designEffect;
    expect(clustered.detectable.designEffect).toBe(deff);
    expect(clustered.detectable.mde).toBe(mcnemarMde({ n: 1000, discordance: clustered.discordance, designEffect: deff }).mde);
    expect(plain.detectable.designEffect).toBe(1);
  });

  it('gives each run exactly the interval its own bootstrap gives (same seed): one bootstrap per run', () => {
    const { a, b } = pairs(1034, 0.1, 0.07, 9);
    const labels = Array.from({ length: 1034 }, (_, i) => `db${i % 20}`);
    const r = pairedComparison(a, b, { seed: 5, resamples: 3000 });
    expect(r.a.ci).toEqual(bootstrapAccuracy(a, { seed: 5, resamples: 3000 }).ci);
    expect(r.b.ci).toEqual(bootstrapAccuracy(b, { seed: 5, resamples: 3000 }).ci);
    expect(r.a.se).toBe(bootstrapAccuracy(a, { seed: 5, resamples: 3000 }).se);
    const c = pairedComparison(a, b, { seed: 5, resamples: 3000, clusters: labels });
    expect(c.a.ci).toEqual(clusterBootstrapAccuracy(a, labels, { seed: 5, resamples: 3000 }).ci);
  });

  it('refuses unpaired or empty inputs', () => {
    expect(() => pairedComparison([1, 0], [1])).toThrow(/not paired/);
    expect(() => pairedComparison([], [])).toThrow(/n = 0/);
    expect(() => pairedComparison([1], [1], { alpha: 0 })).toThrow(RangeError);
  });
});
