import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isSqlKeyword } from '../../src/core/sqlKeywords.ts';

describe('isSqlKeyword', () => {
  it('knows SQLite’s keywords in any case, and nothing else', () => {
    for (const w of ['select', 'SELECT', 'Order', 'returning', 'WITHOUT', 'nothing']) expect(isSqlKeyword(w), w).toBe(true);
    for (const w of ['singer', 'name', 'count', 'selects', '', 'ORDER BY']) expect(isSqlKeyword(w), w).toBe(false);
  });

  it('agrees with the SQLite the project runs: a keyword cannot be a bare column name', () => {
    const db = new Database(':memory:');
    // Words SQLite refuses as bare names are keywords (a few keywords are accepted as names by
    // SQLite's fallback rules, so only this direction is checked).
    for (const w of ['singer', 'name', 'count', 'title', 'age', 'country', 'stadium']) {
      expect(() => db.prepare(`SELECT 1 AS ${w}`)).not.toThrow();
      expect(isSqlKeyword(w), w).toBe(false);
    }
    for (const w of ['select', 'from', 'where', 'group', 'order', 'union', 'table', 'join']) {
      expect(() => db.prepare(`CREATE TABLE t (${w} INT)`)).toThrow();
      expect(isSqlKeyword(w), w).toBe(true);
    }
    db.close();
  });
});
