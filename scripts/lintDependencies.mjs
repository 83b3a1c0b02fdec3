// `npm run lint:deps`: checks src/ against the layering rules in .dependency-cruiser.cjs
// (imports flow downstream only, no stage imports another's _internals, no cycles).
// Uses dependency-cruiser's API: its command line refuses Node 20, which t2sql supports.
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const result = await cruise(['src'], { ...options, outputType: 'err' });
process.stdout.write(result.output);
process.exitCode = result.exitCode > 0 ? 1 : 0;
