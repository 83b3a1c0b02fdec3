// Global setup of the ladder: find the data, fetch it or stop with one message, then score
// every published set the findings use once (verdicts cached on disk) so the specs only read.
import { ensureData } from '../../src/data/download/ensureData.ts';
import { publishedSets } from '../../src/data/published/publishedSets.ts';
import { publishedRunSources } from '../../src/claims/publishedRunSources.ts';
import { evaluateRunsCached } from '../../src/evaluate/evaluateRunsCached.ts';
import { LADDER_SETS, ladderDataRoot, ladderHome } from './_support/ladderRuns.ts';

export default async function setup(): Promise<void> {
  const root = ladderDataRoot();
  const wanted = new Set<string>(LADDER_SETS);
  const status = await ensureData(root, {
    fetch: process.env.T2SQL_FETCH === '1',
    sets: publishedSets().filter((s) => wanted.has(s.name)),
    cli: 'npx t2sql',
  });
  if (!status.ok) {
    const err = new Error(`${status.message}\n(or set T2SQL_FETCH=1 to let the ladder fetch them, or T2SQL_DATA=DIR to point at existing data)`);
    err.stack = err.message;
    throw err;
  }
  const { present } = publishedRunSources(root, [...wanted]);
  const started = Date.now();
  let scored = 0;
  await evaluateRunsCached(present, {
    dataRoot: root,
    home: ladderHome(),
    onProgress: (e) => {
      if (!e.cached) {
        scored++;
        process.stderr.write(`[ladder] scored ${e.name} (${e.done}/${e.total}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      }
    },
  });
  process.stderr.write(`[ladder] ${present.length} published sets ready (${scored} scored now, the rest from cache) — data root ${root}\n`);
}
