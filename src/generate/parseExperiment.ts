import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../data/InputError.ts';
import { parseJsonText } from '../data/readTextFile.ts';
import { decodingSettings, type DecodingSettings } from './DecodingSettings.ts';
import { endpointConfig, endpointProfiles, type EndpointConfig, type EndpointProfile } from './EndpointConfig.ts';
import type { AdapterDefinition, Experiment, RunDefinition, SliceDefinition } from './Experiment.ts';
import { generationLimits } from './generationLimits.ts';

/**
 * Reads an experiment definition (JSON):
 *
 *   { "name": "qwen-study", "description": "…", "split": "dev",
 *     "endpoints": { "vllm": { "profile": "vllm", "baseUrl": "http://127.0.0.1:8000/v1" } },
 *     "defaults": { "api": "chat", "decoding": { "temperature": 0 }, "concurrency": 16 },
 *     "runs": [
 *       { "name": "gpt-4.1-mini-keys", "endpoint": "gateway", "model": "gpt-4.1-mini", "schema": "keys", "shots": 0 },
 *       { "name": "qwen-{size}-{schema}", "endpoint": "vllm", "shots": 0,
 *         "grid": { "size":   { "1.5b": { "model": "Qwen/Qwen2.5-Coder-1.5B" }, "7b": { "model": "Qwen/Qwen2.5-Coder-7B" } },
 *                   "schema": { "minimal": { "schema": "minimal" }, "keys": { "schema": "keys" } } } } ] }
 *
 * A `grid` entry expands to the product of its axes: each axis label picks fields that are merged
 * over the entry's own (and `decoding` / `promptOptions` merge field by field); `{axis}` in any
 * string is replaced by that axis's label. Run fields: name, endpoint, model, adapter
 * ({ name, path }, { name, hash } or { name, registered: true }: the adapter `t2sql train`
 * registered under that name in the run store), api (chat | completions), schema, shots,
 * promptOptions, decoding { temperature, topP, maxTokens, seed, stop }, samples, concurrency,
 * slice (the name of one of the top-level `slices`: { "dev100": { "n": 100, "seed": 1 } }, a
 * seeded random subset of the split; without it a run answers every question).
 */
export function loadExperiment(file: string): Experiment {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError('experiment file not found', { file });
  }
  const json = parseJsonText(text, file);
  return parseExperiment(json, { file });
}

/** `experiments/NAME.json` under `cwd`, or NAME itself when it is a path to a file. */
export function experimentFile(nameOrPath: string, cwd: string): string {
  const direct = path.resolve(cwd, nameOrPath);
  if (nameOrPath.endsWith('.json') || (fs.existsSync(direct) && fs.statSync(direct).isFile())) return direct;
  return path.resolve(cwd, 'experiments', `${nameOrPath}.json`);
}

const runFields = ['name', 'endpoint', 'model', 'adapter', 'api', 'schema', 'shots', 'promptOptions', 'decoding', 'samples', 'concurrency', 'slice'] as const;
type RawRun = Partial<Record<(typeof runFields)[number], unknown>>;

export function parseExperiment(json: unknown, where: { file?: string } = {}): Experiment {
  const fail = (at: string, message: string): never => {
    throw new InputError(`${at}: ${message}`, where.file ? { file: where.file } : {});
  };
  const top = object(json, 'experiment', fail);
  allowOnly(top, ['name', 'description', 'split', 'endpoints', 'slices', 'defaults', 'runs'], 'experiment', fail);
  const name = string(top.name, 'name', fail);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) fail('name', `'${name}' must be letters, digits, '.', '_' or '-'`);
  const split = top.split ?? 'dev';
  if (split !== 'dev' && split !== 'train') return fail('split', `must be "dev" or "train", got ${JSON.stringify(split)}`);

  const endpoints: Record<string, EndpointConfig> = {};
  for (const [key, raw] of Object.entries(object(top.endpoints, 'endpoints', fail))) {
    const at = `endpoints.${key}`;
    const e = object(raw, at, fail);
    allowOnly(e, ['profile', 'baseUrl', 'apiKeyEnv', 'headers'], at, fail);
    const profile = (e.profile ?? 'openai-compatible') as EndpointProfile;
    if (!endpointProfiles.includes(profile)) fail(`${at}.profile`, `must be one of ${endpointProfiles.join(', ')}`);
    const headers = e.headers === undefined ? {} : object(e.headers, `${at}.headers`, fail);
    if (Object.values(headers).some((v) => typeof v !== 'string')) fail(`${at}.headers`, 'values must be strings');
    try {
      endpoints[key] = endpointConfig({
        profile,
        ...(e.baseUrl !== undefined ? { baseUrl: string(e.baseUrl, `${at}.baseUrl`, fail) } : {}),
        ...(e.apiKeyEnv !== undefined ? { apiKeyEnv: e.apiKeyEnv === null ? null : string(e.apiKeyEnv, `${at}.apiKeyEnv`, fail) } : {}),
        headers: headers as Record<string, string>,
      });
    } catch (err) {
      if (err instanceof InputError) throw err;
      fail(at, (err as Error).message);
    }
  }

  const slices: Record<string, SliceDefinition> = {};
  for (const [key, raw] of Object.entries(top.slices === undefined ? {} : object(top.slices, 'slices', fail))) {
    const at = `slices.${key}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key)) fail(at, 'a slice name must be letters, digits, \'.\', \'_\' or \'-\'');
    const sl = object(raw, at, fail);
    allowOnly(sl, ['n', 'seed'], at, fail);
    slices[key] = { name: key, n: intIn(sl.n, { min: 1, max: 1_000_000 }, `${at}.n`, fail), seed: intIn(sl.seed, { min: -(2 ** 53 - 1), max: 2 ** 53 - 1 }, `${at}.seed`, fail) };
  }

  const defaults = top.defaults === undefined ? {} : object(top.defaults, 'defaults', fail);
  allowOnly(defaults, runFields.filter((f) => f !== 'name'), 'defaults', fail);
  if (!Array.isArray(top.runs) || top.runs.length === 0) fail('runs', 'must be a non-empty array');

  const runs: RunDefinition[] = [];
  (top.runs as unknown[]).forEach((entry, i) => {
    const at = `runs[${i}]`;
    const raw = object(entry, at, fail);
    allowOnly(raw, [...runFields, 'grid'], at, fail);
    const { grid, ...own } = raw;
    for (const { labels, fields } of expandGrid(grid, `${at}.grid`, fail)) {
      const merged = substitute(merge(merge(defaults, own), ...fields), labels, at, fail) as RawRun;
      runs.push(resolveRun(merged, endpoints, slices, `${at}${Object.keys(labels).length ? ` (${Object.values(labels).join(', ')})` : ''}`, fail));
    }
  });
  const seen = new Set<string>();
  for (const run of runs) {
    if (seen.has(run.name)) fail('runs', `run name '${run.name}' is used twice`);
    seen.add(run.name);
  }
  return { name, description: typeof top.description === 'string' ? top.description : '', split, endpoints, slices, runs };
}

type Fail = (at: string, message: string) => never;

function resolveRun(raw: RawRun, endpoints: Record<string, EndpointConfig>, slices: Record<string, SliceDefinition>, at: string, fail: Fail): RunDefinition {
  const name = string(raw.name, `${at}.name`, fail);
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name)) fail(`${at}.name`, `'${name}' must be letters, digits, '.', '_', '+' or '-'`);
  const endpoint = string(raw.endpoint, `${at}.endpoint`, fail);
  if (!endpoints[endpoint]) fail(`${at}.endpoint`, `'${endpoint}' is not one of the experiment's endpoints (${Object.keys(endpoints).join(', ') || 'none'})`);
  const api = raw.api ?? 'chat';
  if (api !== 'chat' && api !== 'completions') fail(`${at}.api`, `must be "chat" or "completions", got ${JSON.stringify(api)}`);
  const shots = intIn(raw.shots ?? 0, generationLimits.shots, `${at}.shots`, fail);
  const samples = intIn(raw.samples ?? 1, generationLimits.samples, `${at}.samples`, fail);
  const concurrency = intIn(raw.concurrency ?? 8, generationLimits.concurrency, `${at}.concurrency`, fail);
  const promptOptions = raw.promptOptions === undefined ? {} : object(raw.promptOptions, `${at}.promptOptions`, fail);
  let adapter: AdapterDefinition | null = null;
  if (raw.adapter !== undefined && raw.adapter !== null) {
    const a = object(raw.adapter, `${at}.adapter`, fail);
    allowOnly(a, ['name', 'path', 'hash', 'registered'], `${at}.adapter`, fail);
    const adapterName = string(a.name, `${at}.adapter.name`, fail);
    if (a.registered !== undefined && a.registered !== true) fail(`${at}.adapter.registered`, `must be true (the adapter t2sql train registered under this name), got ${JSON.stringify(a.registered)}`);
    const given = [a.path, a.hash, a.registered].filter((x) => x !== undefined).length;
    if (given !== 1) fail(`${at}.adapter`, 'give exactly one of "path" (a folder to hash), "hash" or "registered": true (look it up in the run store)');
    adapter =
      a.path !== undefined
        ? { name: adapterName, kind: 'path', path: string(a.path, `${at}.adapter.path`, fail) }
        : a.hash !== undefined
          ? { name: adapterName, kind: 'hash', hash: string(a.hash, `${at}.adapter.hash`, fail) }
          : { name: adapterName, kind: 'registered' };
  }
  let slice: SliceDefinition | null = null;
  if (raw.slice !== undefined && raw.slice !== null) {
    const sliceName = string(raw.slice, `${at}.slice`, fail);
    slice = slices[sliceName] ?? fail(`${at}.slice`, `'${sliceName}' is not one of the experiment's slices (${Object.keys(slices).join(', ') || 'none'})`);
  }
  let decoding: DecodingSettings;
  const d = raw.decoding === undefined ? {} : object(raw.decoding, `${at}.decoding`, fail);
  allowOnly(d, ['temperature', 'topP', 'maxTokens', 'seed', 'stop'], `${at}.decoding`, fail);
  try {
    decoding = decodingSettings(d as Partial<DecodingSettings>);
  } catch (err) {
    return fail(`${at}.decoding`, (err as Error).message);
  }
  return {
    name,
    endpoint,
    model: string(raw.model, `${at}.model`, fail),
    adapter,
    api,
    prompt: { schema: string(raw.schema, `${at}.schema`, fail), shots, options: promptOptions },
    decoding,
    samples,
    concurrency,
    slice,
  };
}

/** The product of a grid's axes: for each combination, its labels and the fields each label sets. */
function expandGrid(grid: unknown, at: string, fail: Fail): { labels: Record<string, string>; fields: Record<string, unknown>[] }[] {
  if (grid === undefined) return [{ labels: {}, fields: [] }];
  const axes = Object.entries(object(grid, at, fail)).map(([axis, values]) => {
    const entries = Object.entries(object(values, `${at}.${axis}`, fail));
    if (entries.length === 0) fail(`${at}.${axis}`, 'an axis needs at least one value');
    return entries.map(([label, fields]) => {
      const f = object(fields, `${at}.${axis}.${label}`, fail);
      allowOnly(f, runFields, `${at}.${axis}.${label}`, fail);
      return { axis, label, fields: f };
    });
  });
  let combos: { labels: Record<string, string>; fields: Record<string, unknown>[] }[] = [{ labels: {}, fields: [] }];
  for (const axis of axes) {
    combos = combos.flatMap((c) => axis.map((v) => ({ labels: { ...c.labels, [v.axis]: v.label }, fields: [...c.fields, v.fields] })));
  }
  return combos;
}

/** Later objects win; `decoding` and `promptOptions` merge one level deep. */
function merge(...layers: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      const prev = out[k];
      out[k] = (k === 'decoding' || k === 'promptOptions') && isObject(prev) && isObject(v) ? { ...prev, ...v } : v;
    }
  }
  return out;
}

function substitute(value: unknown, labels: Record<string, string>, at: string, fail: Fail): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{([A-Za-z0-9_-]+)\}/g, (_, axis: string) => labels[axis] ?? fail(at, `'{${axis}}' names no grid axis (axes: ${Object.keys(labels).join(', ') || 'none'})`));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, labels, at, fail));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, labels, at, fail)]));
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function object(v: unknown, at: string, fail: Fail): Record<string, unknown> {
  return isObject(v) ? v : fail(at, `expected an object, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
}

function string(v: unknown, at: string, fail: Fail): string {
  return typeof v === 'string' && v !== '' ? v : fail(at, `expected a non-empty string, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
}

function intIn(v: unknown, range: { readonly min: number; readonly max: number }, at: string, fail: Fail): number {
  return Number.isInteger(v) && (v as number) >= range.min && (v as number) <= range.max ? (v as number) : fail(at, `must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(v)}`);
}

function allowOnly(obj: Record<string, unknown>, allowed: readonly string[], at: string, fail: Fail): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) fail(at, `unknown field '${key}' (allowed: ${allowed.join(', ')})`);
}
