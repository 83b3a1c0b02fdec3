// Under `npm run coverage` (c8 sets NODE_V8_COVERAGE) every spec file's coverage must reach the
// disk. vitest stops its fork workers with SIGTERM and sends SIGKILL 500 ms later; SIGTERM skips
// Node's exit hooks, and on a busy machine writing the coverage can take longer than 500 ms, so a
// fork's coverage was sometimes lost (whole files then showed as unrun).
// - Each spec file's coverage is written as soon as its tests end (v8.takeCoverage writes a
//   report and resets the counters; c8 merges all reports).
// - SIGTERM exits normally, so Node writes what is left (the nodejs/node#55094 work-around).
import v8 from 'node:v8';
import { afterAll } from 'vitest';

if (process.env.NODE_V8_COVERAGE) {
  process.on('SIGTERM', () => process.exit(0));
  afterAll(() => v8.takeCoverage());
}
