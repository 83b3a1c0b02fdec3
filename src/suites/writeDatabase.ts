import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DatabaseShape, GeneratedDatabase } from './DatabaseShape.ts';
import { cellKey } from './readDatabaseShape.ts';
import { quoteIdent } from './_internals/quoteIdent.ts';

/** sha256 (hex) of a generated database's content (tables, columns, rows, storage classes). */
export function generatedDatabaseHash(db: GeneratedDatabase): string {
  const h = crypto.createHash('sha256');
  for (const t of db.tables) {
    h.update(JSON.stringify([t.name, t.columns]));
    for (const row of t.rows) h.update(JSON.stringify(row.map(cellKey)));
  }
  return h.digest('hex');
}

/**
 * Writes a generated database to a real SQLite file: each table created by its original
 * `CREATE TABLE` statement, then its rows inserted (foreign-key enforcement off, as in the
 * Spider files). Written beside the target and renamed into place, so a reader never sees half
 * a file. Returns the number of rows SQLite refused (a CHECK constraint, say): 0 normally.
 */
export function writeDatabase(shape: DatabaseShape, db: GeneratedDatabase, file: string): number {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Built in memory and written in one go: no journal, no page-by-page writes to disk.
  const out = new Database(':memory:');
  let refused = 0;
  let bytes: Buffer;
  try {
    out.pragma('foreign_keys = OFF');
    out.transaction(() => {
      for (const t of shape.tables) out.exec(t.createSql);
      for (const t of db.tables) {
        if (t.rows.length === 0) continue;
        const insert = out.prepare(`INSERT INTO ${quoteIdent(t.name)} (${t.columns.map(quoteIdent).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`);
        for (const row of t.rows) {
          try {
            insert.run(...row);
          } catch {
            refused++;
          }
        }
      }
    })();
    bytes = out.serialize();
  } finally {
    out.close();
  }
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
  return refused;
}
