// The layering of src/, checked by `npm run lint:deps` (part of `npm test`).
//
// The pipeline, upstream first: a stage may import itself, `core` and any stage before it.
// Where the side stages sit follows from what they need: store keeps generated runs (after
// generate), suites builds test databases from schemas and compares results on them (after
// metrics, before evaluate), train builds SFT data from prompts and runs and reads learning
// curves with the bootstrap (after stats); cli sits on top, and src/index.ts (the library's
// one public entry) may import any stage but cli. src/version.ts is a base module like core.
const order = [
  'core',
  'data',
  'schema',
  'prompt',
  'generate',
  'store',
  'sql',
  'metrics',
  'suites',
  'evaluate',
  'stats',
  'train',
  'study',
  'claims',
  'report',
  'cli',
];

/** One rule per stage: what it may import (base modules, the stages before it, itself). */
const rules = order.map((stage, i) => {
  const allowed = [...order.slice(0, i), stage];
  return {
    name: `layer-${stage}`,
    comment: `${stage} may import only ${allowed.join(', ')} (imports flow downstream: ${order.join(' → ')})`,
    severity: 'error',
    from: { path: `^src/${stage}/` },
    to: { path: '^src/', pathNot: [`^src/(${allowed.join('|')})/`, '^src/version\\.ts$'] },
  };
});

module.exports = {
  forbidden: [
    ...rules,
    {
      name: 'version-is-a-leaf',
      comment: 'src/version.ts is a base module: it imports nothing from src/',
      severity: 'error',
      from: { path: '^src/version\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'index-not-cli',
      comment: 'the library entry (src/index.ts) does not import the command line',
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-foreign-internals',
      comment: "no stage imports another stage's _internals (they are private to their stage)",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/.*/_internals/', pathNot: '^src/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    includeOnly: '^src/',
  },
};
