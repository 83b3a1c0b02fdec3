import path from 'node:path';

/**
 * Where t2sql keeps what it makes, under one folder ($T2SQL_HOME, default ./.t2sql, resolved by
 * the CLI). Every path below the home is spelled here and nowhere else.
 */
export interface HomeLayout {
  readonly root: string;
  /** The run store (generated and imported runs, their predictions and outcomes). */
  readonly runStore: string;
  /** Gold query results, keyed by database hash, engine and SQL. */
  readonly goldCache: string;
  /** Verdicts of whole scored runs, keyed by every input's hash. */
  readonly runVerdictCache: string;
  /** Generated test suites (content-addressed folders of .sqlite files plus a manifest). */
  readonly suites: string;
  /** SFT data sets built from Spider train. */
  readonly trainData: string;
  /** LoRA adapters and their training logs. */
  readonly adapters: string;
}

export function homeLayout(home: string): HomeLayout {
  const cache = path.join(home, 'cache');
  return {
    root: home,
    runStore: path.join(home, 'runs.sqlite'),
    goldCache: path.join(cache, 'gold'),
    runVerdictCache: path.join(cache, 'runs'),
    suites: path.join(cache, 'suites'),
    trainData: path.join(home, 'train', 'data'),
    adapters: path.join(home, 'adapters'),
  };
}
