/**
 * Opens the run store given as argv[2] the moment the file argv[3] appears, so several of these
 * processes open one fresh store at the same instant. Prints "ready" once started, "opened"
 * once open; a failure is the store's own one-line message on stderr, exit 1.
 */
import fs from 'node:fs';
import { openRunStore } from '../../../src/store/openRunStore.ts';

const [storeFile, goFile] = process.argv.slice(2) as [string, string];
process.stdout.write('ready\n');
while (!fs.existsSync(goFile)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
try {
  openRunStore(storeFile).close();
  process.stdout.write('opened\n');
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
