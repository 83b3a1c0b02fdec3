import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { command as serve } from '../../src/cli/commands/serve.ts';

const root = path.join(import.meta.dirname, '../..');
const fakeDir = path.join(root, 'fixtures/generate/fake-vllm');
const nodeDir = path.dirname(process.execPath);
const cleanups: (() => unknown)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

test('t2sql serve without vllm on PATH: one clear line, exit 1, no stack trace', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 't2sql-nopath-'));
  cleanups.push(() => fs.rmSync(empty, { recursive: true }));
  const err = new PassThrough();
  let stderr = '';
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await serve.run({ argv: ['--model', 'Qwen/Qwen2.5-Coder-7B'], env: { PATH: `${empty}:${nodeDir}` }, cwd: root, stdout: new PassThrough(), stderr: err });
  expect(code).toBe(1);
  expect(stderr).toMatch(/^t2sql serve: cannot start vLLM: 'vllm' was not found on PATH\. Install it .*pip install vllm/);
  expect(stderr).not.toMatch(/\n\s+at /);
});

test('t2sql serve in a real process: ready message, streamed log, Ctrl-C stops vLLM', async () => {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  const pidFile = path.join(os.tmpdir(), `t2sql-serve-${process.pid}.pid`);
  cleanups.push(() => fs.rmSync(pidFile, { force: true }));

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../generate/support/runCommand.ts'), 'serve', '--model', 'Qwen/Qwen2.5-Coder-3B', '--lora', 'spider-3b=/adapters/3b', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, PATH: `${fakeDir}:${nodeDir}:${process.env.PATH}`, FAKE_VLLM_LOAD_MS: '200', FAKE_VLLM_PIDFILE: pidFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('vLLM ready')) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await Promise.race([ready, exited]);
  expect(stdout, stderr).toContain(`vLLM ready at http://127.0.0.1:${port}/v1 (models: Qwen/Qwen2.5-Coder-3B, spider-3b)`);
  expect(stderr).toContain('INFO Loading model weights...');
  const models = (await (await fetch(`http://127.0.0.1:${port}/v1/models`)).json()) as { data: { id: string }[] };
  expect(models.data.map((m) => m.id)).toEqual(['Qwen/Qwen2.5-Coder-3B', 'spider-3b']);

  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(stdout).toContain('vLLM stopped');
  const vllmPid = Number(fs.readFileSync(pidFile, 'utf8'));
  expect(() => process.kill(vllmPid, 0)).toThrow();
  await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
});

test('t2sql serve: --port within 1-65535 and --ready-timeout within a day, refused before vLLM is looked for', async () => {
  const run = (argv: string[]) => serve.run({ argv: ['--model', 'Qwen/Qwen2.5-Coder-7B', ...argv], env: { PATH: '' }, cwd: root, stdout: new PassThrough(), stderr: new PassThrough() });
  await expect(run(['--port', '70000'])).rejects.toThrow(/^--port must be from 1 to 65535, got 70000$/);
  await expect(run(['--port', '0'])).rejects.toThrow(/--port must be from 1 to 65535/);
  await expect(run(['--port', '80.5'])).rejects.toThrow(/--port expects an integer from 1 to 65535, got '80\.5'/);
  await expect(run(['--ready-timeout', '99999999'])).rejects.toThrow(/--ready-timeout must be from 1 to 86400 seconds/);
  await expect(serve.run({ argv: [], env: {}, cwd: root, stdout: new PassThrough(), stderr: new PassThrough() })).rejects.toThrow(/--model ID is required/);
});
