#!/usr/bin/env node
// Launcher. Normally runs a cached plain-JS bundle of the CLI (see scripts/cliBundle.mjs);
// under coverage, or if bundling fails, runs the TypeScript sources through tsx.
import { pathToFileURL } from 'node:url';
import { cliBundle } from '../scripts/cliBundle.mjs';

const bundle = process.env.NODE_V8_COVERAGE || process.env.T2SQL_NO_BUNDLE ? null : await cliBundle();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
