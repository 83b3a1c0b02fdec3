/** A solved question that can be shown to the model as an example (a Spider train item). */
export interface FewShotExample {
  readonly dbId: string;
  readonly question: string;
  readonly query: string;
}
