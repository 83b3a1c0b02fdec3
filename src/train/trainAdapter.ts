import fs from 'node:fs';
import path from 'node:path';
import type { HomeLayout } from '../data/homeLayout.ts';
import type { SpiderPaths } from '../data/spiderPaths.ts';
import { hashAdapter } from '../generate/hashAdapter.ts';
import { openAdapterRegistry, type AdapterRecord } from '../store/openAdapterRegistry.ts';
import type { SftOptions } from './buildSftDataset.ts';
import { runTrainer, type TrainerOutcome } from './runTrainer.ts';
import type { TrainerEvent, TrainPlan } from './TrainerEvent.ts';
import { trainRunConfig, type TrainSettings } from './trainRunConfig.ts';
import { writeSftDataset, type WrittenSftDataset } from './writeSftDataset.ts';

export interface TrainAdapterSetup {
  readonly paths: SpiderPaths;
  readonly home: HomeLayout;
  readonly data: SftOptions;
  readonly settings: Omit<TrainSettings, 'dataset' | 'outputDir'>;
  /** The adapter's name: its folder under the home's adapters/, and its name on vLLM. */
  readonly name: string;
  readonly python: string;
  readonly script: string;
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly graceMs?: number;
  readonly onDataset?: (dataset: WrittenSftDataset) => void;
  readonly onEvent?: (event: TrainerEvent) => void;
}

export type TrainAdapterResult =
  | { readonly kind: 'planned'; readonly dataset: WrittenSftDataset; readonly plan: TrainPlan; readonly outputDir: string }
  | { readonly kind: 'trained'; readonly dataset: WrittenSftDataset; readonly adapter: AdapterRecord; readonly outcome: Extract<TrainerOutcome, { kind: 'done' }>; readonly outputDir: string; readonly logFile: string }
  | { readonly kind: 'hash-mismatch'; readonly dataset: WrittenSftDataset; readonly reported: string; readonly actual: string; readonly adapterDir: string; readonly logFile: string }
  /** The trainer said it was done but its metadata file is missing or not JSON. */
  | { readonly kind: 'no-metadata'; readonly dataset: WrittenSftDataset; readonly metadataFile: string; readonly logFile: string }
  | { readonly kind: 'not-trained'; readonly dataset: WrittenSftDataset; readonly outcome: Exclude<TrainerOutcome, { kind: 'done' | 'planned' }>; readonly outputDir: string; readonly logFile: string };

/** Where the SFT set of these settings lives under the home. */
export function sftDataDir(home: HomeLayout, data: SftOptions): string {
  return path.join(home.trainData, `${data.schema}-${data.shots}shot-${data.maxTokens}tok${data.limit !== undefined ? `-first${data.limit}` : ''}${data.source === 'tables' ? '-tables' : ''}`);
}

/**
 * Spider train to a registered adapter: builds (or reuses) the SFT set, writes run.json, runs the
 * trainer (its log beside the adapter), checks the adapter's hash as `t2sql generate` computes it
 * and registers it in the run store. Running it again after a stop resumes from the last checkpoint.
 */
export async function trainAdapter(setup: TrainAdapterSetup): Promise<TrainAdapterResult> {
  const dataset = writeSftDataset(setup.paths, setup.data, sftDataDir(setup.home, setup.data));
  setup.onDataset?.(dataset);
  const outputDir = path.join(setup.home.adapters, setup.name);
  fs.mkdirSync(outputDir, { recursive: true });
  const configFile = path.join(outputDir, setup.dryRun ? 'run.dry-run.json' : 'run.json');
  fs.writeFileSync(configFile, JSON.stringify(trainRunConfig({ ...setup.settings, dataset: dataset.file, outputDir }), null, 2) + '\n');
  const logFile = path.join(outputDir, 'train.log');
  const outcome = await runTrainer({
    python: setup.python,
    script: setup.script,
    config: configFile,
    dryRun: setup.dryRun ?? false,
    logFile,
    ...(setup.onEvent ? { onEvent: setup.onEvent } : {}),
    ...(setup.signal ? { signal: setup.signal } : {}),
    ...(setup.env ? { env: setup.env } : {}),
    ...(setup.graceMs !== undefined ? { graceMs: setup.graceMs } : {}),
  });
  if (outcome.kind === 'planned') return { kind: 'planned', dataset, plan: outcome.plan, outputDir };
  if (outcome.kind !== 'done') return { kind: 'not-trained', dataset, outcome, outputDir, logFile };

  const adapterDir = outcome.done.adapter_dir;
  const actual = hashAdapter(adapterDir);
  if (actual !== outcome.done.adapter_hash) return { kind: 'hash-mismatch', dataset, reported: outcome.done.adapter_hash, actual, adapterDir, logFile };
  let metadata: Record<string, unknown>;
  try {
    metadata = JSON.parse(fs.readFileSync(outcome.done.metadata, 'utf8')) as Record<string, unknown>;
  } catch {
    return { kind: 'no-metadata', dataset, metadataFile: outcome.done.metadata, logFile };
  }
  const registry = openAdapterRegistry(setup.home.runStore);
  try {
    const adapter = registry.register({ name: setup.name, path: adapterDir, hash: actual, baseModel: setup.settings.model, datasetSha256: dataset.manifest.sha256, metadata });
    return { kind: 'trained', dataset, adapter, outcome, outputDir, logFile };
  } finally {
    registry.close();
  }
}

/** The commands that serve the adapter with vLLM and score it on Spider dev through the run store. */
export function scoringCommands(adapter: { readonly name: string; readonly path: string; readonly baseModel: string }, prompt: { readonly schema: string; readonly shots: number }): string[] {
  const q = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [
    `t2sql serve --model ${q(adapter.baseModel)} --lora ${q(`${adapter.name}=${adapter.path}`)}`,
    `t2sql generate --model ${q(adapter.baseModel)} --profile vllm --endpoint http://127.0.0.1:8000/v1 --api chat --adapter ${q(`${adapter.name}=${adapter.path}`)} --schema ${q(prompt.schema)} --shots ${prompt.shots} --name ${q(adapter.name)}`,
  ];
}
