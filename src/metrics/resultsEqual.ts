// The comparison of query results lives in src/sql/resultsEqual.ts: the query processes run it
// (a prediction's rows never leave them). Re-exported here for callers that import it as a metric.
export {
  COMPARE_STEPS_PER_MS,
  compareResults,
  findColumnMapping,
  resultsEqual,
  type CompareOptions,
  type Comparison,
  type ResultsEqualOptions,
} from '../sql/resultsEqual.ts';
