// Runs a command with $T2SQL_HOME pointed at a fresh, empty folder (removed afterwards), so no
// cached gold result or run verdict from an earlier run can stand in for the code that computes
// it. `npm run coverage` uses it: with a warm cache the comparator's lines would go unrun.
// Usage: node scripts/withEmptyHome.mjs <command> [args…]   (exits with the command's status)
// Each `{home}` in an argument becomes that folder, for files the command must keep to itself
// (c8's raw coverage: two coverage runs sharing ./coverage/tmp would erase each other's).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node scripts/withEmptyHome.mjs <command> [args…]\n');
  process.exit(2);
}
const home = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-empty-home-'));
try {
  const r = spawnSync(command, args.map((a) => a.replaceAll('{home}', home)), { stdio: 'inherit', env: { ...process.env, T2SQL_HOME: home } });
  if (r.error) process.stderr.write(`cannot run ${command}: ${r.error.message}\n`);
  process.exitCode = r.status ?? 1;
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}
