/** p-values adjusted for multiple claims, in the order given, with the decisions at alpha. */
export interface AdjustedPValues {
  readonly method: 'holm' | 'benjamini-hochberg';
  readonly alpha: number;
  readonly pValues: readonly number[];
  /** Adjusted p-values, same order as the input; compare each with alpha. */
  readonly adjusted: readonly number[];
  /**
   * The level each raw p-value is compared with at its rank (same order as the input): Holm
   * alpha/(m − r + 1), Benjamini–Hochberg r·alpha/m, r its rank from the smallest. The test of
   * claim i is run at levels[i], so its power and detectable effect are computed there.
   */
  readonly levels: readonly number[];
  /** adjusted[i] ≤ alpha. */
  readonly reject: readonly boolean[];
}

/** Options of the multiple-testing corrections. */
export interface AdjustOptions {
  /** Family-wise error rate (Holm) or false discovery rate (BH). Default 0.05. */
  alpha?: number;
}
