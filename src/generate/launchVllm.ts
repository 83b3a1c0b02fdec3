import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { execa } from 'execa';
import { findExecutable } from './_internals/findExecutable.ts';
import { sleep } from './_internals/sleep.ts';

/** A LoRA adapter served next to the base model, addressed by `name` in requests. */
export interface LoraModule {
  readonly name: string;
  readonly path: string;
}

export interface LaunchVllmOptions {
  readonly loras?: readonly LoraModule[];
  readonly host?: string;
  readonly port?: number;
  /** Passed to `vllm serve` as is (e.g. `--max-model-len 8192`). */
  readonly extraArgs?: readonly string[];
  /** Command or path of the vLLM CLI. Default `vllm`, looked up on `env.PATH`. */
  readonly executable?: string;
  /** The server's whole environment (the CLI passes its own); PATH decides where `vllm` is found. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Loading a model can take minutes. Default 20 min. */
  readonly readyTimeoutMs?: number;
  readonly pollIntervalMs?: number;
  /** Grace period after SIGTERM before SIGKILL. Default 30 s. */
  readonly stopTimeoutMs?: number;
  /** Each line vLLM writes, as it writes it. */
  readonly onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Aborting while waiting stops the server and rejects. */
  readonly signal?: AbortSignal;
}

export interface VllmExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface VllmServer {
  /** OpenAI base URL, e.g. `http://127.0.0.1:8000/v1`. */
  readonly baseUrl: string;
  readonly pid: number;
  /** Model ids listed at /v1/models once ready (the model and every adapter). */
  readonly models: readonly string[];
  /** Settles when the server process ends, for whatever reason. */
  readonly exited: Promise<VllmExit>;
  /** SIGTERM to the server's process group, SIGKILL after `stopTimeoutMs`. Idempotent. */
  stop(): Promise<VllmExit>;
}

/** `vllm` is not installed where we looked: says so, and how to fix it. */
export class VllmNotFoundError extends Error {
  override readonly name = 'VllmNotFoundError';
  constructor(readonly executable: string) {
    super(
      `cannot start vLLM: '${executable}' was not found on PATH. Install it in the environment t2sql runs from ` +
        `(pip install vllm), activate that environment, or pass the path of the vllm executable with --vllm.`,
    );
  }
}

/** vLLM exited, timed out, came up without the models asked for, or cannot serve an adapter's rank; carries the log's tail. */
export class VllmStartError extends Error {
  override readonly name = 'VllmStartError';
  constructor(
    reason: string,
    readonly logTail: readonly string[],
  ) {
    super(logTail.length > 0 ? `${reason}\n--- last lines of the vLLM log ---\n${logTail.join('\n')}` : reason);
  }
}

/**
 * Starts `vllm serve MODEL` and resolves once `/health` answers 200 and `/v1/models` lists the
 * model and every LoRA adapter. The log streams through `onLog` throughout.
 */
export async function launchVllm(model: string, options: LaunchVllmOptions = {}): Promise<VllmServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8000;
  const loras = options.loras ?? [];
  const executable = options.executable ?? 'vllm';
  const env = options.env ?? {};
  const readyTimeoutMs = options.readyTimeoutMs ?? 20 * 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  const resolved = findExecutable(executable, env.PATH);
  if (!resolved) throw new VllmNotFoundError(executable);

  const args = ['serve', model, '--host', host, '--port', String(port)];
  if (loras.length > 0) args.push('--enable-lora', '--lora-modules', ...loras.map((l) => `${l.name}=${l.path}`), ...maxLoraRankArgs(loras, options.extraArgs ?? []));
  args.push(...(options.extraArgs ?? []));

  const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const origin = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${port}`;
  // Something already answering there would pass our readiness checks for a vLLM that is about
  // to fail with "address already in use".
  if ((await probe(`${origin}/health`)) !== null || (await probe(`${origin}/v1/models`)) !== null) {
    throw new VllmStartError(`a server already answers on ${origin}: stop it or choose another --port`, []);
  }

  // Own process group, so stopping also reaches vLLM's engine and worker processes.
  const child = execa(resolved, args, { env: { ...env }, extendEnv: false, stdin: 'ignore', buffer: false, reject: false, detached: true, cleanup: true });
  const tail: string[] = [];
  for (const [stream, name] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      options.onLog?.(line, name);
    });
  }
  const exited: Promise<VllmExit> = child.then((r) => ({ code: r.exitCode ?? null, signal: r.signal ?? null }));
  let done: VllmExit | null = null;
  void exited.then((e) => (done = e));

  let stopping: Promise<VllmExit> | null = null;
  const stop = (): Promise<VllmExit> => {
    stopping ??= (async () => {
      if (done) return done;
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), stopTimeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
        // Children that outlived the leader.
        signalGroup(child.pid, 'SIGKILL');
      }
    })();
    return stopping;
  };

  const deadline = Date.now() + readyTimeoutMs;
  try {
    if (child.pid === undefined) {
      const e = await exited;
      throw new VllmStartError(`vLLM did not start (exit code ${e.code})`, tail);
    }
    for (;;) {
      if (options.signal?.aborted) throw new VllmStartError('aborted while waiting for vLLM to start', []);
      if (done) throw new VllmStartError(`vLLM exited before it was ready (${describeExit(done)})`, tail);
      if (Date.now() > deadline) throw new VllmStartError(`vLLM was not ready within ${Math.round(readyTimeoutMs / 1000)} s`, tail);
      if ((await probe(`${origin}/health`)) !== null) {
        const body = await probe(`${origin}/v1/models`);
        const models = body === null ? null : modelIds(body);
        if (models) {
          const missing = [model, ...loras.map((l) => l.name)].filter((m) => !models.includes(m));
          if (missing.length > 0) throw new VllmStartError(`vLLM is up but does not serve ${missing.join(', ')} (it lists ${models.join(', ') || 'nothing'})`, tail);
          return { baseUrl: `${origin}/v1`, pid: child.pid, models, exited, stop };
        }
      }
      await Promise.race([sleep(pollIntervalMs, options.signal), exited]);
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The values `vllm serve --max-lora-rank` accepts (vLLM 0.10, as pinned in trainer/requirements.txt); its default is 16. */
const VLLM_MAX_LORA_RANKS = [8, 16, 32, 64, 128, 256, 320, 512] as const;
const VLLM_DEFAULT_MAX_LORA_RANK = 16;

/**
 * `--max-lora-rank R` for adapters of rank above vLLM's default (it refuses to load those), R the
 * smallest value vLLM accepts that holds the largest `r` of their adapter_config.json files. None
 * when the extra arguments set it, or when no adapter says its rank (vLLM then reports what it finds).
 */
function maxLoraRankArgs(loras: readonly LoraModule[], extraArgs: readonly string[]): string[] {
  if (extraArgs.some((a) => a === '--max-lora-rank' || a.startsWith('--max-lora-rank='))) return [];
  let widest: LoraModule | null = null;
  let rank = 0;
  for (const lora of loras) {
    const r = loraRank(lora.path);
    if (r !== null && r > rank) [widest, rank] = [lora, r];
  }
  if (widest === null || rank <= VLLM_DEFAULT_MAX_LORA_RANK) return [];
  const fits = VLLM_MAX_LORA_RANKS.find((r) => r >= rank);
  if (fits === undefined) throw new VllmStartError(`adapter ${widest.name} has LoRA rank ${rank}; vLLM serves ranks up to ${VLLM_MAX_LORA_RANKS.at(-1)}`, []);
  return ['--max-lora-rank', String(fits)];
}

/** The adapter's rank from its adapter_config.json (as PEFT writes it): `r`, or a larger one of `rank_pattern`; null when it says none. */
function loraRank(adapterDir: string): number | null {
  let config: { r?: unknown; rank_pattern?: unknown };
  try {
    config = JSON.parse(fs.readFileSync(path.join(adapterDir, 'adapter_config.json'), 'utf8')) as typeof config;
  } catch {
    return null;
  }
  if (typeof config !== 'object' || config === null) return null;
  const pattern = typeof config.rank_pattern === 'object' && config.rank_pattern !== null ? Object.values(config.rank_pattern) : [];
  const ranks = [config.r, ...pattern].filter((r): r is number => typeof r === 'number' && Number.isInteger(r) && r > 0);
  return ranks.length > 0 ? Math.max(...ranks) : null;
}

async function probe(url: string): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return res.ok ? await res.text() : null;
  } catch {
    return null;
  }
}

function modelIds(body: string): string[] | null {
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data;
    return Array.isArray(data) ? data.map((m) => String((m as { id?: unknown }).id)) : null;
  } catch {
    return null;
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function describeExit(e: VllmExit): string {
  return e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`;
}
