// vitest stops its fork workers with SIGTERM, which skips Node's exit hooks, so a worker's
// V8 coverage (NODE_V8_COVERAGE, set by `npm run coverage` through c8) would be lost.
// Exiting normally on SIGTERM lets Node write it (the nodejs/node#55094 work-around).
if (process.env.NODE_V8_COVERAGE) process.on('SIGTERM', () => process.exit(0));
