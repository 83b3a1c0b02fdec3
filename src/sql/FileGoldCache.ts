import fs from 'node:fs';
import path from 'node:path';
import { sha256File } from '../data/sha256File.ts';
import { isCacheable, type ExecOutcome } from './ExecOutcome.ts';
import { decodeOutcomes, encodeOutcomes } from './_internals/outcomeJson.ts';
import { removeStale } from './_internals/removeStale.ts';
import { engineId } from './engineId.ts';

const VERSION = 2;

/**
 * Gold query results kept on disk between runs, one file per database content hash and
 * query engine (`<dir>/v2-<engine>-<sha256>.json`, see outcomeJson.ts), so scoring many
 * prediction sets executes each gold query once. A database whose bytes change, or a new
 * worker or SQLite build, gets a fresh cache (files of other engines or format versions,
 * untouched for a day, are removed when this one writes). Only outcomes that depend on
 * nothing else are kept (`isCacheable`: rows and SQL errors). A hit is judged by the
 * caller's limits (`withinLimits`).
 */
export class FileGoldCache {
  private readonly byHash = new Map<string, Map<string, ExecOutcome>>();
  private readonly dirty = new Set<string>();
  /** Database hashes, taken once per file for the life of this cache (one run). */
  private readonly hashes = new Map<string, string>();
  hits = 0;
  misses = 0;

  constructor(private readonly dir: string) {}

  get(dbPath: string, sql: string): ExecOutcome | undefined {
    const hit = this.table(dbPath).get(sql);
    if (hit) this.hits++;
    else this.misses++;
    return hit;
  }

  set(dbPath: string, sql: string, outcome: ExecOutcome): void {
    if (!isCacheable(outcome)) return;
    const hash = this.hashOf(dbPath);
    this.table(dbPath).set(sql, outcome);
    this.dirty.add(hash);
  }

  /**
   * Loads the tables of these databases now (reading and hashing them), so a run can do it
   * while its query processes boot instead of between queries.
   */
  preload(dbPaths: Iterable<string>): void {
    for (const dbPath of dbPaths) this.table(dbPath);
  }

  /** Writes changed tables atomically (temp file, then rename). */
  flush(): void {
    if (this.dirty.size === 0) return;
    fs.mkdirSync(this.dir, { recursive: true });
    for (const hash of this.dirty) {
      const file = this.file(hash);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, encodeOutcomes(this.byHash.get(hash)!));
      fs.renameSync(tmp, file);
    }
    this.dirty.clear();
    const current = `v${VERSION}-${engineId()}-`;
    removeStale(this.dir, (name) => /^v\d+-/.test(name) && !name.startsWith(current));
  }

  private file(hash: string): string {
    return path.join(this.dir, `v${VERSION}-${engineId()}-${hash}.json`);
  }

  private hashOf(dbPath: string): string {
    let hash = this.hashes.get(dbPath);
    if (!hash) this.hashes.set(dbPath, (hash = sha256File(dbPath)));
    return hash;
  }

  private table(dbPath: string): Map<string, ExecOutcome> {
    const hash = this.hashOf(dbPath);
    let table = this.byHash.get(hash);
    if (!table) {
      try {
        table = decodeOutcomes(fs.readFileSync(this.file(hash), 'utf8'));
      } catch {
        table = new Map();
        // Missing or unreadable cache: start empty; it is only a cache.
      }
      this.byHash.set(hash, table);
    }
    return table;
  }
}
