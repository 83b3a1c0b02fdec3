/**
 * A real generating process for the crash-safety spec:
 *   node --import tsx generateChild.ts '{"storeFile":…,"baseUrl":…,"n":…,"concurrency":…,"name":…}'
 * Generates the first n Spider dev questions into the store; prints one line per settled item.
 */
import { decodingSettings } from '../../../src/generate/DecodingSettings.ts';
import { endpointConfig, endpointIdentity } from '../../../src/generate/EndpointConfig.ts';
import { generateRun } from '../../../src/generate/generateRun.ts';
import { openAiBackend } from '../../../src/generate/openAiBackend.ts';
import { openRunStore } from '../../../src/store/openRunStore.ts';
import { chatItems, devExamples, extract } from './devPrompts.ts';

const args = JSON.parse(process.argv[2] ?? '{}') as { storeFile: string; baseUrl: string; n: number; concurrency: number; name: string };
const endpoint = endpointConfig({ profile: 'vllm', baseUrl: args.baseUrl });
const decoding = decodingSettings();
const store = openRunStore(args.storeFile);
const { run, resumed } = store.beginRun(
  {
    experiment: 'crash',
    name: args.name,
    split: 'dev',
    profile: 'vllm',
    endpoint: endpointIdentity(endpoint),
    model: 'test-model',
    adapter: null,
    api: 'chat',
    prompt: { schema: 'keys', shots: 0, options: {} },
    promptVersion: 'test',
    decoding,
    samples: 1,
  },
  { n: args.n, codeVersion: 'crash-child' },
);
process.stdout.write(`started run=${run.id} resumed=${resumed}\n`);
let last = -1;
const summary = await generateRun(chatItems(devExamples(args.n)), {
  backend: openAiBackend(endpoint, { timeoutMs: 5_000 }),
  ledger: store.ledger(run.id),
  model: 'test-model',
  extract,
  decoding,
  concurrency: args.concurrency,
  onProgress: (p) => {
    const settled = p.fetched + p.cached + p.failed;
    if (settled !== last) process.stdout.write(`settled ${settled}\n`);
    last = settled;
  },
});
store.close();
process.stdout.write(`summary ${JSON.stringify(summary)}\n`);
