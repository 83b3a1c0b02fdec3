import path from 'node:path';

/** Where each Spider file lives under a data root (`<root>/spider/...`). */
export interface SpiderPaths {
  readonly root: string;
  readonly dev: string;
  readonly trainSpider: string;
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
    tables: path.join(root, 'tables.json'),
    devGold: path.join(root, 'dev_gold.sql'),
    trainGold: path.join(root, 'train_gold.sql'),
    databaseDir,
    database: (dbId) => path.join(databaseDir, dbId, `${dbId}.sqlite`),
    databaseFolder: (dbId) => path.join(databaseDir, dbId),
  };
}
