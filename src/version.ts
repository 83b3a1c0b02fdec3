import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** t2sql's package version, recorded in every result file. */
export function t2sqlVersion(): string {
  return (require('../package.json') as { version: string }).version;
}
