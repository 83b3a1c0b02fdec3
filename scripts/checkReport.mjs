// The last step of `npm test`: REPORT.md and its figures are, byte for byte, what `t2sql report`
// writes now from the claims this run of the specs produced (reports/ladder-results.json, written
// by the claims reporter when the run ends, which is why this is not a spec). A stale REPORT.md
// fails here with the first line that differs and the command that regenerates it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
const regenerate = 'npx vitest run specs/ladder && npx tsx src/cli/main.ts report';
const fail = (message) => {
  console.error(`check:report: ${message}`);
  process.exit(1);
};

if (!fs.existsSync(path.join(repo, 'reports', 'ladder-results.json'))) {
  fail(`no claims results at reports/ladder-results.json: run the specs first (npm test), or ${regenerate}`);
}
const out = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-check-report-'));
try {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 't2sql.js'), 'report', '--out', out], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) fail(`t2sql report failed: ${r.stderr.trim()}`);
  const fresh = fs.readFileSync(path.join(out, 'REPORT.md'), 'utf8').split('\n');
  const committed = fs.readFileSync(path.join(repo, 'REPORT.md'), 'utf8').split('\n');
  for (let i = 0; i < Math.max(fresh.length, committed.length); i++) {
    if (fresh[i] !== committed[i]) {
      fail(`REPORT.md line ${i + 1} is\n  ${committed[i] ?? '(end of file)'}\nbut t2sql report writes\n  ${fresh[i] ?? '(end of file)'}\nregenerate it: ${regenerate}`);
    }
  }
  const figures = fs.readdirSync(path.join(out, 'docs', 'figures')).sort();
  const committedFigures = fs.readdirSync(path.join(repo, 'docs', 'figures')).filter((f) => f.endsWith('.svg')).sort();
  if (JSON.stringify(figures) !== JSON.stringify(committedFigures)) fail(`docs/figures holds ${committedFigures.join(', ')} but t2sql report draws ${figures.join(', ')}; regenerate it: ${regenerate}`);
  for (const f of figures) {
    if (!fs.readFileSync(path.join(repo, 'docs', 'figures', f)).equals(fs.readFileSync(path.join(out, 'docs', 'figures', f)))) {
      fail(`docs/figures/${f} is not what t2sql report draws now; regenerate it: ${regenerate}`);
    }
  }
  console.log(`check:report: REPORT.md and ${figures.length} figures are what t2sql report writes from this run's claims`);
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
