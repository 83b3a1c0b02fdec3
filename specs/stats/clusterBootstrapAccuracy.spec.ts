import { describe, expect, it } from 'vitest';
import { bootstrapAccuracy, clusterBootstrapAccuracy } from '../../src/stats/index.ts';
import { bernoulli } from './support/data.ts';

describe('clusterBootstrapAccuracy', () => {
  it('with one example per cluster is the ordinary bootstrap, draw for draw', () => {
    const v = bernoulli(400, 0.7, 1);
    const labels = Array.from({ length: 400 }, (_, i) => `q${i}`);
    const plain = bootstrapAccuracy(v, { seed: 5, resamples: 3000 });
    const clustered = clusterBootstrapAccuracy(v, labels, { seed: 5, resamples: 3000 });
    expect(clustered).toMatchObject({ method: 'cluster-percentile', clusters: 400, n: 400, correct: plain.correct, seed: 5 });
    expect(clustered.ci[0]).toBeCloseTo(plain.ci[0], 12);
    expect(clustered.ci[1]).toBeCloseTo(plain.ci[1], 12);
    expect(clustered.se).toBeCloseTo(plain.se, 12);
  });

  it('when a cluster passes or fails as a whole, is the bootstrap of the cluster outcomes, √m wider than the naive one', () => {
    // 25 databases of 40 questions each; every question on a database has the same verdict.
    const g = 25;
    const m = 40;
    const outcomes = bernoulli(g, 0.6, 2);
    const verdicts = Uint8Array.from({ length: g * m }, (_, i) => outcomes[Math.floor(i / m)]!);
    const labels = Array.from({ length: g * m }, (_, i) => `db${Math.floor(i / m)}`);
    const clustered = clusterBootstrapAccuracy(verdicts, labels, { seed: 9 });
    const ofClusters = bootstrapAccuracy(outcomes, { seed: 9 });
    expect(clustered.ci[0]).toBeCloseTo(ofClusters.ci[0], 12);
    expect(clustered.ci[1]).toBeCloseTo(ofClusters.ci[1], 12);
    const naive = bootstrapAccuracy(verdicts, { seed: 9 });
    expect(clustered.se / naive.se).toBeGreaterThan(0.8 * Math.sqrt(m));
    expect(clustered.se / naive.se).toBeLessThan(1.2 * Math.sqrt(m));
  });

  it('does not depend on how the labels are spelled, only on which examples share one', () => {
    const v = bernoulli(300, 0.5, 3);
    const a = Array.from({ length: 300 }, (_, i) => `db${i % 7}`);
    const b = Array.from({ length: 300 }, (_, i) => `other_${i % 7}`);
    expect(clusterBootstrapAccuracy(v, a, { resamples: 1000 })).toEqual(clusterBootstrapAccuracy(v, b, { resamples: 1000 }));
  });

  it('refuses mismatched labels and empty samples', () => {
    expect(() => clusterBootstrapAccuracy([1, 0], ['a'])).toThrow(/1 labels for 2 examples/);
    expect(() => clusterBootstrapAccuracy([], [])).toThrow(/n = 0/);
  });
});
