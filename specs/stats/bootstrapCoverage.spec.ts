import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { bootstrapAccuracy, clusterBootstrapAccuracy, pairedBootstrap, wilsonInterval } from '../../src/stats/index.ts';
import { Xoshiro128 } from '../../src/core/xoshiro128.ts';
import { bernoulli, pairs } from './support/data.ts';
import { fcParams } from '../support/fastCheck.ts';

// Coverage by simulation: draw data from a known truth many times, and count how often the
// 95% interval holds the truth. Cheap settings here (200 replicates, 400 resamples); raise
// FC_LONG for more parameter draws. With 200 replicates a rate's SD is about 0.016.
const REPLICATES = 200;
const RESAMPLES = 400;

describe('bootstrap coverage by simulation', () => {
  fcTest.prop([fc.integer({ min: 80, max: 600 }), fc.double({ min: 0.15, max: 0.85, noNaN: true }), fc.nat()], fcParams(3))(
    'the percentile interval of an accuracy holds the true accuracy ~95% of the time (Wilson as control)',
    (n, p, seed) => {
      let boot = 0;
      let wilson = 0;
      for (let r = 0; r < REPLICATES; r++) {
        const v = bernoulli(n, p, seed + r);
        const ci = bootstrapAccuracy(v, { resamples: RESAMPLES, seed: r }).ci;
        if (ci[0] <= p && p <= ci[1]) boot++;
        const k = v.reduce((s, x) => s + x, 0);
        const w = wilsonInterval(k, n).ci;
        if (w[0] <= p && p <= w[1]) wilson++;
      }
      expect(boot / REPLICATES).toBeGreaterThan(0.87);
      expect(boot / REPLICATES).toBeLessThan(0.995);
      expect(wilson / REPLICATES).toBeGreaterThan(0.89);
    },
  );

  fcTest.prop(
    [fc.integer({ min: 200, max: 800 }), fc.double({ min: 0.05, max: 0.2, noNaN: true }), fc.double({ min: 0.05, max: 0.2, noNaN: true }), fc.nat()],
    fcParams(3),
  )('the paired interval of a − b holds the true difference p10 − p01 ~95% of the time', (n, p10, p01, seed) => {
    let covered = 0;
    for (let r = 0; r < REPLICATES; r++) {
      const { a, b } = pairs(n, p10, p01, seed + r);
      const ci = pairedBootstrap(a, b, { resamples: RESAMPLES, seed: r }).difference.ci;
      if (ci[0] <= p10 - p01 && p10 - p01 <= ci[1]) covered++;
    }
    expect(covered / REPLICATES).toBeGreaterThan(0.87);
    expect(covered / REPLICATES).toBeLessThan(0.995);
  });

  fcTest.prop([fc.double({ min: 0.3, max: 0.7, noNaN: true }), fc.nat()], fcParams(2))(
    'with database effects, the cluster interval keeps its coverage where the example-level one collapses',
    (mu, seed) => {
      // 30 databases of 20–60 questions; each database's accuracy uniform on μ ± 0.25, so the
      // pooled accuracy estimates μ, and questions on one database are correlated.
      const g = 30;
      let clustered = 0;
      let naive = 0;
      for (let r = 0; r < REPLICATES; r++) {
        const rng = Xoshiro128.fromSeed(seed + r);
        const verdicts: number[] = [];
        const labels: string[] = [];
        for (let c = 0; c < g; c++) {
          const size = 20 + rng.below(41);
          const pc = mu - 0.25 + 0.5 * rng.nextFloat();
          for (let i = 0; i < size; i++) {
            verdicts.push(rng.nextFloat() < pc ? 1 : 0);
            labels.push(`db${c}`);
          }
        }
        const v = Uint8Array.from(verdicts);
        const cci = clusterBootstrapAccuracy(v, labels, { resamples: RESAMPLES, seed: r }).ci;
        if (cci[0] <= mu && mu <= cci[1]) clustered++;
        const nci = bootstrapAccuracy(v, { resamples: RESAMPLES, seed: r }).ci;
        if (nci[0] <= mu && mu <= nci[1]) naive++;
      }
      expect(clustered / REPLICATES).toBeGreaterThan(0.85);
      expect(naive / REPLICATES).toBeLessThan(0.8);
    },
  );
});
