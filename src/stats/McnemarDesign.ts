/**
 * A paired design for McNemar's test: n pairs, of which a fraction `discordance` (ψ) are
 * discordant (one system right, the other wrong; agreement rate = 1 − ψ). Effects are
 * differences in accuracy a − b (δ = p10 − p01), so |δ| ≤ ψ.
 */
export interface McnemarDesignOptions {
  /** Significance level. Default 0.05. */
  alpha?: number;
  /** Two-sided test (default), or one-sided for "a better than b". */
  sides?: 1 | 2;
  /**
   * `'connor'`: Connor (1987) normal approximation, closed form and instant.
   * `'exact'`: exact power of the exact conditional McNemar test (mcnemarExact), summed over
   * the binomial number of discordant pairs; no approximation, a few ms at n ≈ 1000.
   * Default `'connor'`.
   */
  method?: 'connor' | 'exact';
  /**
   * Variance inflation from clustering (e.g. `clusteredMcnemar(...).designEffect`): the design
   * behaves like n / designEffect independent pairs. Default 1 (independent pairs).
   */
  designEffect?: number;
}
