/** p-values adjusted for multiple claims, in the order given, with the decisions at alpha. */
export interface AdjustedPValues {
  readonly method: 'holm' | 'benjamini-hochberg';
  readonly alpha: number;
  readonly pValues: readonly number[];
  /** Adjusted p-values, same order as the input; compare each with alpha. */
  readonly adjusted: readonly number[];
  /** adjusted[i] ≤ alpha. */
  readonly reject: readonly boolean[];
}

/** Options of the multiple-testing corrections. */
export interface AdjustOptions {
  /** Family-wise error rate (Holm) or false discovery rate (BH). Default 0.05. */
  alpha?: number;
}
