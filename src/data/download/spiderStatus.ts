import fs from 'node:fs';
import path from 'node:path';
import { spiderPaths } from '../spiderPaths.ts';

export type SpiderStatus =
  | { readonly ok: true; readonly dir: string; /** dev databases found */ readonly devDatabases: number; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly dir: string; /** paths relative to the data root */ readonly missing: readonly string[] };

/**
 * Is Spider usable under `<dataRoot>/spider/`? Needs dev.json, tables.json, dev_gold.sql,
 * train_spider.json and the database of every dev example; a missing train_gold.sql is only a
 * warning (nothing in the evaluator reads it).
 */
export function spiderStatus(dataRoot: string): SpiderStatus {
  const p = spiderPaths(dataRoot);
  const rel = (file: string): string => path.relative(dataRoot, file) || file;
  const missing = [p.dev, p.tables, p.devGold, p.trainSpider].filter((f) => !isFile(f)).map(rel);
  let devDbIds: string[] = [];
  if (isFile(p.dev)) {
    try {
      const dev: unknown = JSON.parse(fs.readFileSync(p.dev, 'utf8'));
      if (!Array.isArray(dev)) throw new Error('not a list');
      devDbIds = [...new Set(dev.map((e: unknown) => String((e as { db_id?: unknown })?.db_id)))];
    } catch (err) {
      missing.push(`${rel(p.dev)} (unreadable: ${(err as Error).message})`);
    }
  }
  const missingDbs = devDbIds.filter((db) => !isFile(p.database(db))).map((db) => rel(p.database(db)));
  if (missingDbs.length > 5) missing.push(...missingDbs.slice(0, 5), `… and ${missingDbs.length - 5} more dev databases`);
  else missing.push(...missingDbs);
  if (missing.length > 0) return { ok: false, dir: p.root, missing };
  const warnings = isFile(p.trainGold) ? [] : [`${rel(p.trainGold)} is missing`];
  return { ok: true, dir: p.root, devDatabases: devDbIds.length, warnings };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
