/**
 * Per-example verdicts of one system, in example order: 1 (or true) where the prediction was
 * judged correct, 0 (or false) where not. A `Uint8Array` is used as is (after a 0/1 check);
 * anything else is copied into one.
 */
export type Correctness = Uint8Array | ArrayLike<0 | 1> | ArrayLike<boolean>;
