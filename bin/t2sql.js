#!/usr/bin/env node
// Launcher. Normally runs a cached plain-JS bundle of the CLI (see scripts/cliBundle.mjs);
// under coverage, or if bundling fails, runs the TypeScript sources through tsx.
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { cliBundle } from '../scripts/cliBundle.mjs';

// `eval` runs about a second of JS once. V8's optimising compiler spends more CPU on it than it
// saves (measured: a full dev set with exact match about 20% faster without it, the 8,659-example
// train split no slower), so it is off for that command. Other commands keep it (bootstrap loops).
if (process.argv[2] === 'eval') v8.setFlagsFromString('--no-opt');

const bundle = process.env.NODE_V8_COVERAGE || process.env.T2SQL_NO_BUNDLE ? null : await cliBundle();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
