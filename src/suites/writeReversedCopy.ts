import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { quoteIdent } from './_internals/quoteIdent.ts';

/**
 * Writes a copy of a database whose tables hold the same rows inserted in reverse order (and
 * no indexes besides those of the table definitions), so that a query whose result depends on
 * the physical order of rows (ORDER BY over ties, LIMIT without ORDER BY) may answer
 * differently there: `dependsOnRowOrder(original, copy, sql)` tells. Written beside the
 * target and renamed into place.
 */
export function writeReversedCopy(source: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const db = new Database(tmp);
  try {
    db.pragma('foreign_keys = OFF');
    db.pragma('journal_mode = OFF');
    db.prepare('ATTACH DATABASE ? AS src').run(source);
    const tables = db.prepare("SELECT name, sql FROM src.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid").all() as { name: string; sql: string }[];
    db.transaction(() => {
      for (const t of tables) {
        db.exec(t.sql);
        const withoutRowid = /\)\s*WITHOUT\s+ROWID\s*;?\s*$/i.test(t.sql);
        const rows = db.prepare(`SELECT * FROM src.${quoteIdent(t.name)}${withoutRowid ? '' : ' ORDER BY rowid'}`).raw().all() as unknown[][];
        if (rows.length === 0) continue;
        const insert = db.prepare(`INSERT INTO main.${quoteIdent(t.name)} VALUES (${rows[0]!.map(() => '?').join(', ')})`);
        for (let i = rows.length - 1; i >= 0; i--) insert.run(...rows[i]!);
      }
    })();
    db.exec('DETACH DATABASE src');
  } finally {
    db.close();
  }
  fs.renameSync(tmp, target);
}
