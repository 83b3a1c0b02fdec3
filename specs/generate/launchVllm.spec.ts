import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { launchVllm, VllmNotFoundError, VllmStartError, type VllmServer } from '../../src/generate/launchVllm.ts';
import { endpointConfig } from '../../src/generate/EndpointConfig.ts';
import { openAiBackend } from '../../src/generate/openAiBackend.ts';

const fakeDir = path.join(import.meta.dirname, '../../fixtures/generate/fake-vllm');
const nodeDir = path.dirname(process.execPath);
/** PATH with the fake `vllm` first (and node, which its shebang needs). */
const fakeEnv = (extra: Record<string, string> = {}) => ({ PATH: `${fakeDir}${path.delimiter}${nodeDir}`, ...extra });

const servers: VllmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('launchVllm', () => {
  test('refuses a port where another server already answers, instead of mistaking it for vLLM', async () => {
    const http = await import('node:http');
    const other = http.createServer((_req, res) => res.end('{"data":[{"id":"m"}]}'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      const { port } = other.address() as net.AddressInfo;
      const err = await launchVllm('m', { port, env: fakeEnv({ FAKE_VLLM_LOAD_MS: '0' }), pollIntervalMs: 50 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VllmStartError);
      expect((err as Error).message).toContain(`a server already answers on http://127.0.0.1:${port}`);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  test('a PATH without vllm gives a clear message, and nothing is started', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-nopath-'));
    const err = await launchVllm('Qwen/Qwen2.5-Coder-7B', { env: { PATH: `${empty}${path.delimiter}${nodeDir}` } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VllmNotFoundError);
    expect((err as Error).message).toMatch(/'vllm' was not found on PATH.*pip install vllm/s);
    fs.rmSync(empty, { recursive: true });
  });

  test('waits for /health and /v1/models, streams the log, serves the adapters, and stops cleanly', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const started = Date.now();
    const server = await launchVllm('Qwen/Qwen2.5-Coder-1.5B', {
      port,
      loras: [{ name: 'spider-1.5b', path: '/adapters/spider-1.5b' }],
      env: fakeEnv({ FAKE_VLLM_LOAD_MS: '600' }),
      pollIntervalMs: 50,
      onLog: (line, stream) => lines.push(`${stream}: ${line}`),
    });
    servers.push(server);
    // Not before the fake finished "loading": /health said 503 until then.
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(server.baseUrl).toBe(`http://127.0.0.1:${port}/v1`);
    expect(server.models).toEqual(['Qwen/Qwen2.5-Coder-1.5B', 'spider-1.5b']);
    expect(lines).toContain('stderr: INFO Loading model weights...');
    expect(lines.some((l) => l.startsWith('stdout: INFO vllm fake: serving Qwen/Qwen2.5-Coder-1.5B') && l.includes('spider-1.5b'))).toBe(true);
    // The real client sees the same models.
    expect(await openAiBackend(endpointConfig({ profile: 'vllm', baseUrl: server.baseUrl })).listModels()).toEqual({ kind: 'ok', models: server.models });

    const exit = await server.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(alive(server.pid)).toBe(false);
    expect(lines).toContain('stdout: INFO Shutting down');
  });

  test('a server that ignores SIGTERM is killed after the grace period', async () => {
    const port = await freePort();
    const server = await launchVllm('m', { port, env: fakeEnv({ FAKE_VLLM_LOAD_MS: '0', FAKE_VLLM_IGNORE_TERM: '1' }), pollIntervalMs: 50, stopTimeoutMs: 300 });
    const t0 = Date.now();
    expect(await server.stop()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(alive(server.pid)).toBe(false);
  });

  test('a crash while loading is reported with the log tail', async () => {
    const err = await launchVllm('m', { port: await freePort(), env: fakeEnv({ FAKE_VLLM_CRASH: '1', FAKE_VLLM_LOAD_MS: '5000' }), pollIntervalMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VllmStartError);
    expect((err as Error).message).toMatch(/exited before it was ready \(exit code 1\)[\s\S]*CUDA out of memory/);
  });

  test('an adapter the server does not list is an error, and the server is stopped', async () => {
    const pidFile = path.join(os.tmpdir(), `t2sql-fake-vllm-${process.pid}.pid`);
    const err = await launchVllm('m', {
      port: await freePort(),
      loras: [{ name: 'lora-a', path: '/a' }],
      env: fakeEnv({ FAKE_VLLM_LOAD_MS: '0', FAKE_VLLM_DROP_LORA: '1', FAKE_VLLM_PIDFILE: pidFile }),
      pollIntervalMs: 50,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/does not serve lora-a \(it lists m\)/);
    expect(alive(Number(fs.readFileSync(pidFile, 'utf8')))).toBe(false);
    fs.rmSync(pidFile);
  });

  test('adapters of rank above 16 get the smallest --max-lora-rank vLLM accepts that holds them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-lora-rank-'));
    const adapter = (name: string, config: Record<string, unknown>): { name: string; path: string } => {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'adapter_config.json'), JSON.stringify({ peft_type: 'LORA', ...config }));
      return { name, path: path.join(dir, name) };
    };
    const r8 = adapter('r8', { r: 8 });
    const r32 = adapter('r32', { r: 32 });
    const r24 = adapter('r24', { r: 16, rank_pattern: { 'model.layers.0.self_attn.q_proj': 24 } });
    const r600 = adapter('r600', { r: 600 });
    const argvFile = path.join(dir, 'argv.json');
    const launch = async (loras: { name: string; path: string }[], extraArgs: string[] = []): Promise<string[]> => {
      const server = await launchVllm('m', { port: await freePort(), loras, extraArgs, env: fakeEnv({ FAKE_VLLM_LOAD_MS: '0', FAKE_VLLM_ARGV_FILE: argvFile }), pollIntervalMs: 50 });
      servers.push(server);
      expect(server.models).toEqual(['m', ...loras.map((l) => l.name)]);
      await server.stop();
      return JSON.parse(fs.readFileSync(argvFile, 'utf8')) as string[];
    };
    const rankOf = (argv: string[]): string | undefined => {
      const i = argv.indexOf('--max-lora-rank');
      return i < 0 ? undefined : argv[i + 1];
    };

    // The fake, like vLLM, refuses an adapter of rank 32 under the default --max-lora-rank 16.
    expect(rankOf(await launch([r8, r32]))).toBe('32');
    expect(rankOf(await launch([r8]))).toBeUndefined();
    expect(rankOf(await launch([r24]))).toBe('32');
    const own = await launch([r32], ['--max-lora-rank', '64']);
    expect(own.filter((a) => a === '--max-lora-rank')).toHaveLength(1);
    expect(rankOf(own)).toBe('64');
    const err = await launchVllm('m', { port: await freePort(), loras: [r600], env: fakeEnv({ FAKE_VLLM_LOAD_MS: '0' }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VllmStartError);
    expect((err as Error).message).toBe('adapter r600 has LoRA rank 600; vLLM serves ranks up to 512');
    fs.rmSync(dir, { recursive: true });
  });

  test('not ready in time: stopped, with a timeout message', async () => {
    const err = await launchVllm('m', { port: await freePort(), env: fakeEnv({ FAKE_VLLM_LOAD_MS: '60000' }), pollIntervalMs: 50, readyTimeoutMs: 400 }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/not ready within 0 s/);
  });
});
