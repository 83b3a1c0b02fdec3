import fs from 'node:fs';
import { homeLayout } from '../data/homeLayout.ts';

/** Accepts a T2SQL_HOME folder or the store file itself and returns the file. */
export function runStoreFile(homeOrFile: string): string {
  if (fs.existsSync(homeOrFile) && fs.statSync(homeOrFile).isDirectory()) return homeLayout(homeOrFile).runStore;
  return /\.(sqlite3?|db)$/i.test(homeOrFile) ? homeOrFile : homeLayout(homeOrFile).runStore;
}
