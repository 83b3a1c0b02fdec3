/**
 * Every statistical default of t2sql, in one place: the stats functions, the claims and
 * `t2sql compare` read them from here, so a spec and the CLI decide with the same settings.
 */
export const DEFAULTS = {
  /** Level of every test (family-wise after the correction). */
  alpha: 0.05,
  /** Multiple-testing correction of a family of confirmatory claims. */
  correction: 'holm',
  /** Bootstrap resamples. */
  resamples: 10_000,
  /** Bootstrap seed (recorded in every result). */
  seed: 42,
  /** Two-sided confidence level of bootstrap intervals. */
  confidence: 0.95,
  /** Target power of minimum-detectable-effect and sample-size figures. */
  power: 0.8,
  /** Equivalence margin of a `tied` claim that states none (two points). */
  tieMargin: 0.02,
  /**
   * With at most this many clusters (Spider dev has 20 databases) a clustered comparison is
   * decided by the exact sign-flip permutation test rather than the asymptotic clustered
   * McNemar test (whose normal approximation needs many clusters).
   */
  fewClusters: 50,
} as const;
