import { DEFAULTS } from './defaults.ts';
import type { Correctness } from './Correctness.ts';
import type { Interval } from './Interval.ts';
import { clusteredMcnemar, type ClusteredMcnemarResult } from './clusteredMcnemar.ts';
import { mcnemarExact, type McnemarExactResult } from './mcnemarExact.ts';
import { mcnemarMde, type McnemarMdeResult } from './mcnemarMde.ts';
import { pairedBootstrap, type PairedBootstrapOptions, type PairedSide } from './pairedBootstrap.ts';
import { signFlipTest, type SignFlipResult } from './signFlipTest.ts';
import { pairedInputs } from './_internals/pairedInputs.ts';
import { assertOpenUnit } from './_internals/validate.ts';

/** Options of pairedComparison. */
export interface PairedComparisonOptions extends PairedBootstrapOptions {
  /** Level of the deciding test. Default 0.05. */
  alpha?: number;
  /**
   * With clusters, at most this many clusters are "few": the exact sign-flip test decides
   * instead of the asymptotic clustered McNemar test. Default DEFAULTS.fewClusters (50).
   */
  fewClusters?: number;
}

/** How the two systems' verdicts cross. */
export interface PairedCounts {
  /** Both correct. */
  readonly both: number;
  /** a correct, b wrong. */
  readonly b10: number;
  /** a wrong, b correct. */
  readonly b01: number;
  /** Both wrong. */
  readonly neither: number;
}

/** The verdict of the paired test, which is the one that decides. */
export interface PairedDecision {
  readonly by: 'mcnemar-exact' | 'mcnemar-clustered' | 'sign-flip-exact';
  readonly alpha: number;
  /** Two-sided p-value of the deciding test. */
  readonly pValue: number;
  /** One-sided p-values of the deciding test. */
  readonly pOneSided: { readonly aBetter: number; readonly bBetter: number };
  /** pValue ≤ alpha. */
  readonly significant: boolean;
  /** The better system when significant, else null. */
  readonly winner: 'a' | 'b' | null;
}

/** The naive check: do the two separate intervals overlap? Reported, never deciding. */
export interface NaiveOverlapCheck {
  readonly rule: 'ci-overlap';
  readonly aCi: Interval;
  readonly bCi: Interval;
  readonly overlap: boolean;
  /** What the naive rule would conclude: a difference when the intervals do not overlap. */
  readonly significant: boolean;
  /** Whether the naive rule and the paired test reach the same verdict. */
  readonly agreesWithDecision: boolean;
}

interface PairedComparisonCommon {
  readonly n: number;
  readonly a: PairedSide;
  readonly b: PairedSide;
  readonly difference: { readonly estimate: number; readonly ci: Interval; readonly se: number };
  readonly counts: PairedCounts;
  /** (b10 + b01) / n; 1 − agreement. */
  readonly discordance: number;
  /** Exact McNemar on the discordant pairs (treating pairs as independent). */
  readonly mcnemar: McnemarExactResult;
  readonly naive: NaiveOverlapCheck;
  readonly decision: PairedDecision;
  /**
   * Smallest gap the deciding test (two-sided, at alpha) could detect with 80% power at the
   * observed discordance (Connor), with clusters divided by the clustered design effect, to say
   * whether a non-significant result means "no difference" or "too few examples".
   */
  readonly detectable: McnemarMdeResult;
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
}

/** Two systems compared on the same examples: all three analyses, and which one decides. */
export type PairedComparison = PairedComparisonCommon &
  (
    | { readonly design: 'independent'; readonly bootstrap: 'paired-percentile' }
    | {
        readonly design: 'clustered';
        readonly bootstrap: 'cluster-paired-percentile';
        readonly clusters: number;
        readonly clusteredMcnemar: ClusteredMcnemarResult;
        /** The exact sign-flip test over clusters; it decides when the clusters are few. */
        readonly signFlip: SignFlipResult;
      }
  );

/**
 * Compares two systems scored on the same examples: both accuracies with bootstrap intervals,
 * the paired bootstrap interval of the difference, the discordant counts, the exact McNemar
 * test, and the naive "intervals do not overlap" rule. The paired test decides: McNemar's exact
 * test, or with `clusters` (pairs within a database are not independent) the exact sign-flip
 * test over clusters when they are few, Durkalski's clustered McNemar otherwise; the bootstrap
 * then resamples whole clusters too.
 */
export function pairedComparison(
  a: Correctness,
  b: Correctness,
  options: PairedComparisonOptions = {},
): PairedComparison {
  const where = 'pairedComparison';
  const alpha = options.alpha ?? DEFAULTS.alpha;
  assertOpenUnit(where, 'alpha', alpha);
  const { bitsA, bitsB } = pairedInputs(where, a, b, options.clusters);
  const boot = pairedBootstrap(bitsA, bitsB, options);
  const n = boot.n;
  const counts = crossCounts(bitsA, bitsB);
  const mcnemar = mcnemarExact(counts.b10, counts.b01);
  const clustered = options.clusters === undefined ? null : clusteredMcnemar(bitsA, bitsB, options.clusters);
  const signFlip = options.clusters === undefined ? null : signFlipTest(bitsA, bitsB, options.clusters);
  const fewClusters = options.fewClusters ?? DEFAULTS.fewClusters;
  const test = clustered === null || signFlip === null ? mcnemar : clustered.clusters <= fewClusters ? signFlip : clustered;
  const significant = test.pValue <= alpha;
  const decision: PairedDecision = {
    by: test.test,
    alpha,
    pValue: test.pValue,
    pOneSided: test.pOneSided,
    significant,
    winner: !significant ? null : counts.b10 > counts.b01 ? 'a' : 'b',
  };
  const overlap = boot.a.ci[0] <= boot.b.ci[1] && boot.b.ci[0] <= boot.a.ci[1];
  const discordance = (counts.b10 + counts.b01) / n;
  const common: PairedComparisonCommon = {
    n,
    a: boot.a,
    b: boot.b,
    difference: boot.difference,
    counts,
    discordance,
    mcnemar,
    naive: {
      rule: 'ci-overlap',
      aCi: boot.a.ci,
      bCi: boot.b.ci,
      overlap,
      significant: !overlap,
      agreesWithDecision: !overlap === significant,
    },
    decision,
    detectable: mcnemarMde({ n, discordance, alpha, power: DEFAULTS.power, designEffect: clustered?.designEffect ?? 1 }),
    resamples: boot.resamples,
    seed: boot.seed,
    confidence: boot.confidence,
  };
  if (boot.method === 'paired-percentile' || clustered === null || signFlip === null) {
    return { design: 'independent', bootstrap: 'paired-percentile', ...common };
  }
  return {
    design: 'clustered',
    bootstrap: 'cluster-paired-percentile',
    clusters: boot.clusters,
    clusteredMcnemar: clustered,
    signFlip,
    ...common,
  };
}

function crossCounts(a: Uint8Array, b: Uint8Array): PairedCounts {
  let both = 0;
  let b10 = 0;
  let b01 = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x && y) both++;
    else if (x) b10++;
    else if (y) b01++;
  }
  return { both, b10, b01, neither: a.length - both - b10 - b01 };
}
