import path from 'node:path';

/** Where each Spider file lives under a data root (`<root>/spider/...`). */
export interface SpiderPaths {
  readonly root: string;
  readonly dev: string;
  readonly trainSpider: string;
  /** `train_others.json`: the rest of Spider train (not in every copy of the data). */
  readonly trainOthers: string;
  readonly tables: string;
  readonly devGold: string;
  readonly trainGold: string;
  readonly databaseDir: string;
  /** `database/<db_id>/<db_id>.sqlite` */
  database(dbId: string): string;
  /** `database/<db_id>/` — test suites keep several .sqlite files here. */
  databaseFolder(dbId: string): string;
}

export function spiderPaths(dataRoot: string): SpiderPaths {
  const root = path.join(dataRoot, 'spider');
  const databaseDir = path.join(root, 'database');
  return {
    root,
    dev: path.join(root, 'dev.json'),
    trainSpider: path.join(root, 'train_spider.json'),
    trainOthers: path.join(root, 'train_others.json'),
    tables: path.join(root, 'tables.json'),
    devGold: path.join(root, 'dev_gold.sql'),
    trainGold: path.join(root, 'train_gold.sql'),
    databaseDir,
    database: (dbId) => path.join(databaseDir, dbId, `${dbId}.sqlite`),
    databaseFolder: (dbId) => path.join(databaseDir, dbId),
  };
}

/**
 * Where a published prediction set lives under a data root (`<root>/predictions/<name>/`),
 * and the official evaluator's verdicts on it, where the data root has them.
 */
export interface PublishedSetPaths {
  readonly dir: string;
  /** `pred.sql`: one SQL per line, in dev order. */
  readonly pred: string;
  /** `SOURCE.json`: repository, commit, path, model, condition. */
  readonly source: string;
  /** `<root>/conformance/<name>.tsv`: index, exec, exact, hardness from evaluation.py. */
  readonly conformance: string;
}

/** `<root>/predictions`: the folder of every published prediction set. */
export function publishedSetsDir(dataRoot: string): string {
  return path.join(dataRoot, 'predictions');
}

/** `<root>/conformance`: the official evaluator's verdicts, one `<name>.tsv` per set. */
export function conformanceDir(dataRoot: string): string {
  return path.join(dataRoot, 'conformance');
}

export function publishedSetPaths(dataRoot: string, name: string): PublishedSetPaths {
  const dir = path.join(publishedSetsDir(dataRoot), name);
  return {
    dir,
    pred: path.join(dir, 'pred.sql'),
    source: path.join(dir, 'SOURCE.json'),
    conformance: path.join(conformanceDir(dataRoot), `${name}.tsv`),
  };
}
